/** The `label` of infomaniakmail_device is one line: control characters are refused at validate time. */
import { Diagnostics } from '../framework';
import { validateAttributes } from '../framework/validate';
import { labelControlCharacter } from '../infomaniak';
import { deviceAttributes } from './device-schema';

function validate(label: string) {
  const diagnostics = new Diagnostics();
  validateAttributes(deviceAttributes, { label }, diagnostics);
  return diagnostics.toArray();
}

it.each([
  ['a line break', 'Outlook\n(Alice)', 'U+000A', 8],
  ['a tab', '\tCRM', 'U+0009', 1],
  ['NUL', 'CRM\u0000', 'U+0000', 4],
  ['DEL', 'CR\u007fM', 'U+007F', 3],
  ['a C1 control', 'Ca\u0085fé', 'U+0085', 3],
  ['after an emoji (counted as one character)', '📱\rphone', 'U+000D', 2],
])('refuses %s, naming the attribute, the character and what to do', (_, label, code, position) => {
  const [diagnostic, ...others] = validate(label);
  expect(others).toEqual([]);
  expect(diagnostic).toMatchObject({
    severity: 'error',
    summary: 'Invalid value for "label"',
    attribute: [{ attributeName: 'label' }],
  });
  expect(diagnostic.detail).toContain(`found ${code} at character ${position}`);
  expect(diagnostic.detail).toMatch(/remove it, or put a space instead/);
});

it('takes labels with spaces, accents, emoji and the characters right outside the ranges', () => {
  for (const label of ['Outlook (Alice)', 'Téléphone de Zoë 📱', ' ~', '\u00a0non-breaking', 'x\u00a1'])
    expect({ label, diagnostics: validate(label) }).toEqual({ label, diagnostics: [] });
  expect(labelControlCharacter('fine')).toBeUndefined();
});
