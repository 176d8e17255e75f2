/**
 * The real reference, in the contract run only (jest.contract.config.js): `npm test` must
 * pass on a clone without the file, so the default jest config leaves this file out.
 */
import { existsSync } from 'node:fs';
import { routePath, routes, type RouteName } from '../../provider/infomaniak/wire';
import { loadReference, referencePath } from './reference';
import { ContractValidator } from './validator';

describe('the real reference', () => {
  test('loads, and every route the client uses resolves to a path it declares', () => {
    const path = referencePath();
    expect(existsSync(path)).toBe(true);
    const validator = new ContractValidator(loadReference(path));
    const params = {
      hosting: 1,
      mailbox: 'info',
      access: 2,
      user: 3,
      invitation: 'k',
      device: 4,
      account: 5,
    };
    const unresolved = (Object.keys(routes) as RouteName[]).filter((name) => {
      const url = routePath(name, params);
      const methods = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
      return methods.every(
        (method) => !validator.check({ method, url, status: 599, responseBody: '' }).resolved,
      );
    });
    expect(unresolved).toEqual([]);
    const bad = validator.check({ method: 'GET', url: '/1/products?service_name=nonsense', status: 200 });
    expect(bad.violations.map((v) => v.kind)).toContain('request');
  });
});
