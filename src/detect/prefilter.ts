// The detector's prefilter, by part: the facts about each rule's regex (src/regex/facts.ts), the
// keyword automaton and planner (prefilter/keyword-prefilter.ts, prefilter/automaton.ts), and the
// match helpers (prefilter/matches.ts).
export { analyzeRegex, factsKey, factsTuple, type FactsTuple, type RegexFacts, type RunStart } from '../regex/facts.js';
export { KeywordPrefilter, type PlannedRule, type PrefilterEntry } from './prefilter/keyword-prefilter.js';
export { matchesAt, matchesIn } from './prefilter/matches.js';
