// The Node options the hooks start leakguard with (src/hooks/script.ts):
//  - V8 compiles each regex straight to machine code. A hook's scan is short, and V8's default
//    (interpret a regex's first match, compile it again on the second) compiles most of the rules
//    twice.
//  - The young generation starts at 8 MB a half instead of growing from 1 MB: the start-up (the
//    inlined rules and judge data, the detector's tables) otherwise runs several scavenges, about 5
//    of a hook's 100 ms. A longer scan (pre-push over many commits) grows it anyway.
// dist/main.cjs keeps one code cache per set of Node options, and the build (scripts/build.mjs)
// warms this one too.
export const NODE_FLAGS = '--no-regexp-tier-up --min-semi-space-size=8';
