import { z } from 'zod';
import { request } from './define';
import type { SandboxStatus } from '../domain/sandbox';

export const sandboxRequests = {
  'sandbox.status': request<SandboxStatus>()(z.object({})),
  /** A long job: initdb, start, sample database, profile. Returns the job id at once. */
  'sandbox.create': request<{ jobId: string }>()(z.object({})),
  'sandbox.start': request<SandboxStatus>()(z.object({})),
  'sandbox.stop': request<SandboxStatus>()(z.object({})),
  'sandbox.setKeepRunning': request<SandboxStatus>()(z.object({ keepRunning: z.boolean() })),
};
