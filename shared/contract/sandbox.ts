import { z } from 'zod';
import { job, request, type JobStarted } from './define';
import type { JobProgress } from '../domain/job';
import type { SandboxStatus } from '../domain/sandbox';

export const sandboxRequests = {
  'sandbox.status': request<SandboxStatus>()(z.object({})),
  /** A long job: initdb, start, sample database, profile. Returns the job id at once. */
  'sandbox.create': request<JobStarted<'sandbox.create'>>()(z.object({})),
  'sandbox.start': request<SandboxStatus>()(z.object({})),
  'sandbox.stop': request<SandboxStatus>()(z.object({})),
  'sandbox.setKeepRunning': request<SandboxStatus>()(z.object({ keepRunning: z.boolean() })),
};

export const sandboxJobs = {
  /** Its result is the new sandbox's status. */
  'sandbox.create': job<Record<string, never>, JobProgress, SandboxStatus>(),
};
