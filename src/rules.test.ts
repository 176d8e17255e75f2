/** Synth-time label checks: what the provider's validate refuses, the constructs refuse first. */
import { TerraformStack } from 'cdktf';
import { MailService } from '.';
import { DEVICE_LABEL_FORBIDDEN_RANGES as GENERATED_RANGES } from './generated/api-rules';
import { labelProblem } from './rules';
// The provider's own rule, for comparison only: src/ must not import it.
import { DEVICE_LABEL_FORBIDDEN_RANGES, labelControlCharacter } from '../provider/infomaniak/wire';
import { scratchApps } from '../test/support/cdktf-apps';

const testApp = scratchApps();

test("the refused code points are the provider's", () => {
  expect(GENERATED_RANGES).toEqual(DEVICE_LABEL_FORBIDDEN_RANGES);
});

test.each([
  ['Outlook\n(Alice)', 'U+000A', 8],
  ['CRM\u0000', 'U+0000', 4],
  ['\u007f', 'U+007F', 1],
  ['Caf\u009b', 'U+009B', 4],
  ['📱\tphone', 'U+0009', 2],
])(
  'a label with a control character (%j) is refused where the provider would refuse it',
  (label, code, at) => {
    expect(labelProblem(label)).toContain(`found ${code} at character ${at}`);
    expect(labelControlCharacter(label)).toEqual({ code, position: at });
  },
);

test('addDevice refuses it at synth, naming the device, the label and what to do; nothing is left behind', () => {
  const stack = new TerraformStack(testApp(), 'test');
  const mailbox = new MailService(stack, 'mail', { mailHostingId: 1234567 }).mailbox('demonstration');
  expect(() => mailbox.addDevice('outlook', { label: 'Outlook\r\n' })).toThrow(
    /Device "outlook" on mailbox "demonstration" .*: label must not contain control characters: found U\+000D at character 8 .* remove it, or put a space instead/,
  );
  expect(mailbox.node.tryFindChild('outlook')).toBeUndefined();
  for (const label of ['Outlook (Alice)', 'Téléphone de Zoë 📱', '\u00a0 ~'])
    expect(labelProblem(label)).toBeUndefined();
});
