import { HOW_TO_PRODUCE, loadPlan, PlanInputError } from './load';

function problem(text: string): string {
  try {
    loadPlan(text, 'in.json');
  } catch (error) {
    expect(error).toBeInstanceOf(PlanInputError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(HOW_TO_PRODUCE);
    return message;
  }
  throw new Error('expected a PlanInputError');
}

describe('loadPlan', () => {
  it('reads a plan and keeps fields it does not know', () => {
    const loaded = loadPlan(
      JSON.stringify({
        format_version: '1.2',
        resource_changes: [],
        planned_values: {},
        some_future_field: 1,
      }),
      'a.json',
    );
    expect(loaded.source).toBe('a.json');
    expect(loaded.plan.format_version).toBe('1.2');
  });

  it('names what each wrong input is', () => {
    expect(problem('')).toMatch(/^in\.json: the input is empty; expected the JSON of a saved plan/);
    expect(problem('not json')).toContain('not JSON');
    expect(problem('[1]')).toContain('not a JSON object');
    expect(problem(JSON.stringify({ version: 4, lineage: 'x', resources: [] }))).toContain(
      'this is a Terraform state file, not a plan',
    );
    expect(problem(JSON.stringify({ format_version: '1.0', values: {} }))).toContain(
      '"terraform show -json" of a state, not of a saved plan',
    );
    expect(problem(JSON.stringify({ format_version: '2.0', resource_changes: [] }))).toContain(
      'plan format version 2.0 is not supported (this report reads 1.x)',
    );
    expect(problem(JSON.stringify({ hello: 'world' }))).toContain('no "format_version"');
    const uiLog = [
      JSON.stringify({ '@level': 'info', '@message': 'Terraform 1.11.4', type: 'version' }),
      JSON.stringify({ '@level': 'info', '@message': 'Plan: 1 to add', type: 'change_summary' }),
    ].join('\n');
    expect(problem(uiLog)).toContain('the log of "terraform plan -json", not a saved plan');
    expect(problem(JSON.stringify({ format_version: '1.2', resource_changes: [{ address: 1 }] }))).toContain(
      'unexpected plan JSON at resource_changes.0.address',
    );
  });
});
