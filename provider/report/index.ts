/**
 * The plan report (DESIGN.md §1, issue 7): reads `terraform show -json` of saved plans
 * and tells reviewers and pipelines who and what gains or loses access. It reads plan
 * JSON only and imports nothing from the provider runtime.
 */
export { buildReport, DEFAULT_STALE_DAYS, type BuildOptions } from './build';
export { checkGates, GATE_NAMES, type GateName, type GateOptions, type GateResult } from './gates';
export { HOW_TO_PRODUCE, loadPlan, PlanInputError, type LoadedPlan } from './load';
export * from './model';
export { SECRET_ATTRIBUTES } from './redact';
export { renderJson } from './render-json';
export { MARKDOWN_MARKER, renderMarkdown } from './render-markdown';
export { renderMermaid } from './render-mermaid';
export { colourWanted, renderTerminal } from './render-terminal';
export { summaryLine } from './summary';
