// The Node options the hooks start leakguard with (src/hooks/script.ts): V8 compiles each regex
// straight to machine code. A hook's scan is short, and V8's default (interpret a regex's first
// match, compile it again on the second) compiles most of the rules twice. dist/main.cjs keeps one
// code cache per set of Node options, and the build (scripts/build.mjs) warms this one too.
export const NODE_FLAGS = '--no-regexp-tier-up';
