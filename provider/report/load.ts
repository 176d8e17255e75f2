/**
 * Turns the text of one input into a parsed plan, or a one-line error that says what
 * was expected and how to produce it. People feed the report all sorts of terraform
 * JSON (state, `plan -json` logs, a newer format): each gets its own explanation.
 */
import { planSchema, SUPPORTED_FORMAT_MAJOR, type PlanJson } from './plan-json';

export const HOW_TO_PRODUCE = 'terraform plan -out=tfplan && terraform show -json tfplan > plan.json';

/** An input that is not a plan the report can read; the message is one line. */
export class PlanInputError extends Error {
  constructor(
    readonly source: string,
    problem: string,
  ) {
    super(`${source}: ${problem}; expected the JSON of a saved plan (${HOW_TO_PRODUCE})`);
    this.name = 'PlanInputError';
  }
}

export interface LoadedPlan {
  /** Where it came from: the file name, or `stdin`. Names the stack in the report. */
  readonly source: string;
  readonly plan: PlanJson;
}

export function loadPlan(text: string, source: string): LoadedPlan {
  const trimmed = text.trim();
  if (trimmed === '') throw new PlanInputError(source, 'the input is empty');
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    // `terraform plan -json` prints one JSON object per line: a log, not a plan.
    const firstLine = trimmed.split('\n', 1)[0];
    if (looksLikeUiLog(firstLine))
      throw new PlanInputError(source, 'this is the log of "terraform plan -json", not a saved plan');
    throw new PlanInputError(source, 'not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new PlanInputError(source, 'not a JSON object');
  const object = json as Record<string, unknown>;
  if ('lineage' in object && 'resources' in object)
    throw new PlanInputError(source, 'this is a Terraform state file, not a plan');
  if (!('format_version' in object))
    throw new PlanInputError(source, 'no "format_version": this is not terraform JSON output');
  const version = String(object.format_version);
  if (Number.parseInt(version, 10) !== SUPPORTED_FORMAT_MAJOR)
    throw new PlanInputError(
      source,
      `plan format version ${version} is not supported (this report reads ${SUPPORTED_FORMAT_MAJOR}.x)`,
    );
  if (!('resource_changes' in object) && !('planned_values' in object)) {
    const problem =
      'values' in object
        ? 'this is "terraform show -json" of a state, not of a saved plan'
        : 'no "resource_changes" or "planned_values": not a plan';
    throw new PlanInputError(source, problem);
  }
  const parsed = planSchema.safeParse(object);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new PlanInputError(source, `unexpected plan JSON${where} (${issue.message})`);
  }
  return { source, plan: parsed.data };
}

function looksLikeUiLog(line: string): boolean {
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    return typeof entry === 'object' && entry !== null && '@level' in entry && 'type' in entry;
  } catch {
    return false;
  }
}
