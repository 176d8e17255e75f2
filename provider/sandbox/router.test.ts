import { routePath, routes, type RouteName } from '../infomaniak/wire';
import { endpoints } from './endpoints';
import { EndpointTable, matchRoute } from './router';

const sample = {
  hosting: 1234567,
  mailbox: 'demonstration',
  access: 8000001,
  device: 7000001,
  user: 100001,
  invitation: 'k3y',
  account: 424242,
};

describe('matchRoute', () => {
  it('matches every wire route to its own template and parameters', () => {
    for (const name of Object.keys(routes) as RouteName[]) {
      const match = matchRoute(routePath(name, sample));
      expect(match?.name).toBe(name);
      expect(match?.template).toBe(routes[name]);
    }
  });

  it('tells the global label route from a hosting named "accesses"', () => {
    expect(matchRoute('/1/mail_hostings/accesses/devices/12')).toMatchObject({
      name: 'deviceLabel',
      params: { device: '12' },
    });
    expect(matchRoute('/1/mail_hostings/12/mailboxes/devices')).toMatchObject({ name: 'mailbox' });
  });

  it('tells a user’s devices from a device id', () => {
    expect(matchRoute(routePath('userDevices', sample))?.params).toEqual({
      hosting: '1234567',
      mailbox: 'demonstration',
      user: '100001',
    });
  });

  it('decodes parameters and refuses unknown or malformed paths', () => {
    expect(matchRoute('/1/mail_hostings/1/mailboxes/a%2Eb')?.params.mailbox).toBe('a.b');
    expect(matchRoute('/1/mail_hostings/1/mailboxes/%E0%A4%A')).toBeUndefined();
    expect(matchRoute('/1/mail_hostings/1/unknown')).toBeUndefined();
    expect(matchRoute('/')).toBeUndefined();
  });
});

/** The methods the reference documents for each route (and wire.ts's comments say). */
const documented: Record<RouteName, string[]> = {
  mailboxes: ['GET', 'POST'],
  mailbox: ['GET'],
  devices: ['GET', 'POST', 'DELETE'],
  deviceAccess: ['POST', 'DELETE'],
  userDevices: ['GET', 'DELETE'],
  webmail: ['GET', 'POST'],
  webmailUsers: ['GET'],
  webmailUser: ['PATCH', 'DELETE'],
  invitations: ['POST'],
  invitationSend: ['POST'],
  invitationWithdraw: ['DELETE'],
  deviceLabel: ['PATCH'],
  products: ['GET'],
  accountUsers: ['GET'],
};

describe('EndpointTable', () => {
  it('serves exactly the documented methods of every wire route', () => {
    const table = new EndpointTable(endpoints);
    const expected = (Object.keys(routes) as RouteName[]).flatMap((name) =>
      documented[name].map((method) => `${method} ${routes[name]}`),
    );
    expect([...table.keys()].sort()).toEqual(expected.sort());
  });
});
