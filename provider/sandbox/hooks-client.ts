/**
 * A tiny typed client for the test hooks, for tests of this package (the API
 * client's integration tests included). Plain fetch: no dependency on the API client.
 */
import type { z } from 'zod';
import type { DeviceStatus } from '../infomaniak/wire';
import {
  HOOKS_PREFIX,
  clockResultSchema,
  faultSchema,
  requestsResultSchema,
  verifyResultSchema,
  acceptInvitationResultSchema,
  type AcceptInvitationInput,
  type AcceptInvitationResult,
  type Fault,
  type FaultSpecInput,
  type RequestsResult,
} from './hooks-wire';

export class SandboxHooksClient {
  constructor(private readonly baseUrl: string) {}

  /** True iff `password` opens a live device of `email` (mailbox_name@domain). */
  async verify(email: string, password: string): Promise<boolean> {
    return (await this.call('POST', '/verify', verifyResultSchema, { email, password })).valid;
  }

  /** Accepts an invitation as its invitee would (see acceptInvitationBodySchema). */
  acceptInvitation(input: AcceptInvitationInput): Promise<AcceptInvitationResult> {
    return this.call('POST', '/invitations/accept', acceptInvitationResultSchema, input);
  }

  /** Flags a device access 'leaked' or 'spam' (or 'healthy' again). */
  async setDeviceStatus(accessId: number, status: DeviceStatus): Promise<void> {
    await this.call('POST', '/devices/status', undefined, { access_id: accessId, status });
  }

  requests(): Promise<RequestsResult> {
    return this.call('GET', '/requests', requestsResultSchema);
  }

  async resetRequests(): Promise<void> {
    await this.call('DELETE', '/requests');
  }

  addFault(spec: FaultSpecInput): Promise<Fault> {
    return this.call('POST', '/faults', faultSchema, spec);
  }

  async faults(): Promise<Fault[]> {
    return this.call('GET', '/faults', faultSchema.array());
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults');
  }

  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  advanceClock(seconds: number) {
    return this.call('POST', '/clock', clockResultSchema, { advance_seconds: seconds });
  }

  private async call<T extends z.ZodType>(
    method: string,
    path: string,
    schema?: T,
    body?: unknown,
  ): Promise<z.output<T>> {
    const response = await fetch(`${this.baseUrl}${HOOKS_PREFIX}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = (await response.json()) as {
      result: string;
      data?: unknown;
      error?: { description?: string };
    };
    if (!response.ok || payload.result !== 'success') {
      throw new Error(
        `sandbox hook ${method} ${path}: ${response.status} ${payload.error?.description ?? ''}`,
      );
    }
    return (schema ? schema.parse(payload.data) : payload.data) as z.output<T>;
  }
}
