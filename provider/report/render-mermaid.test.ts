import { buildReport } from './build';
import { loadPlan } from './load';
import { renderMermaid } from './render-mermaid';

const plan = {
  format_version: '1.2',
  resource_changes: [
    {
      address: 'infomaniakmail_device.a',
      mode: 'managed',
      type: 'infomaniakmail_device',
      name: 'a',
      change: {
        actions: ['delete'],
        before: { mail_hosting_id: 1, mailbox_name: 'box', label: 'Say "hi" <b>#1</b>', device_id: 9 },
        after: null,
      },
    },
    {
      address: 'infomaniakmail_user_access.u',
      mode: 'managed',
      type: 'infomaniakmail_user_access',
      name: 'u',
      change: {
        actions: ['create'],
        before: null,
        after: { mail_hosting_id: 1, mailbox_name: 'box', user_id: 5, permissions: ['manage_filters'] },
      },
    },
  ],
};

describe('renderMermaid', () => {
  const out = renderMermaid(buildReport([loadPlan(JSON.stringify(plan), 'p')]));

  it('draws users and devices around each address, one node per address', () => {
    const lines = out.split('\n');
    expect(lines.slice(0, 2)).toEqual(['```mermaid', 'flowchart LR']);
    expect(lines.filter((l) => l.includes(':::address'))).toHaveLength(1);
    expect(out).toMatch(/ -\.->\|"− revoked"\| a\w+$/m);
    expect(out).toMatch(/ -->\|"\+ read and send, manage_filters"\| a\w+$/m);
  });

  it('keeps labels from breaking out of their quotes', () => {
    expect(out).toContain('Say #34;hi#34; #60;b#62;#35;1#60;/b#62;');
    expect(out).not.toContain('"hi"');
  });
});
