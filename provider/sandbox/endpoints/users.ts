/** ASSUMED route: the users of the organisation that owns a Mail Service. */
import { organisationUserView } from '../views';
import { paginate, type Endpoint } from './endpoint';

export const userEndpoints: Endpoint[] = [
  {
    method: 'GET',
    route: 'organisationUsers',
    handle: ({ store, params, query }) => {
      store.hosting(params.hosting);
      return paginate(store.state.users.map(organisationUserView), query);
    },
  },
];
