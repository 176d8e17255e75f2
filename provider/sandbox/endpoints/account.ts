/** The account side: the products the token sees (the Mail Services) and an account's users. */
import { accountUserView, productView } from '../views';
import { notFound } from '../errors';
import { parseId } from '../store';
import { enumParam, idParam, paginate, type Endpoint } from './endpoint';

/** The reference's `service_name` values for GET /1/products; an unknown one is a 422. */
const SERVICE_NAMES = [
  'ai_tools',
  'backup',
  'certificate',
  'cloud',
  'cloud_hd',
  'custom_url',
  'dedicated_server',
  'domain',
  'drive',
  'e_ticketing',
  'email_hosting',
  'hosting',
  'housing',
  'invitation',
  'jelastic',
  'ksuite',
  'mailing',
  'nas',
  'public_cloud',
  'radio',
  'swiss_backup',
  'video',
  'vod',
  'web_hosting',
  'website_builder',
] as const;

export const accountEndpoints: Endpoint[] = [
  {
    method: 'GET',
    route: 'products',
    handle: ({ store, query }) => {
      const serviceName = enumParam(query, 'service_name', SERVICE_NAMES);
      const accountId = idParam(query, 'account_id');
      const productId = idParam(query, 'product_id');
      const fqdn = query.get('fqdn');
      const customerName = query.get('customer_name');
      const products = store.state.hostings
        .map((h) => productView(store.state, h))
        .filter(
          (p) =>
            (serviceName === undefined || p.service_name === serviceName) &&
            (accountId === undefined || p.account_id === accountId) &&
            (productId === undefined || p.id === productId) &&
            (!fqdn || p.fqdn === fqdn) &&
            (!customerName || p.customer_name === customerName),
        );
      return paginate(products, query);
    },
  },
  {
    method: 'GET',
    route: 'accountUsers',
    handle: ({ store, params, query }) => {
      if (parseId(params.account) !== store.state.organisation.id) throw notFound.account(params.account);
      const search = (query.get('search') ?? '').toLowerCase();
      const users = store.state.users.filter(
        (u) =>
          search === '' || [u.email, u.first_name, u.last_name].some((v) => v.toLowerCase().includes(search)),
      );
      return paginate(users.map(accountUserView), query);
    },
  },
];
