import { Button, Group, Loader, Paper, Stack, Stepper, Text } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconPlayerPlay, IconSettingsCheck } from '@tabler/icons-react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { RequestInput, RequestName } from '../../../shared/contract';
import { call } from '../../../shared/contract/call';
import type { ArchiveApplyResult, ArchiveSetupPlan, ArchiveVerification } from '../../../shared/domain/archiving';
import type { TidemarkError } from '../../../shared/domain/errors';
import type { JobSnapshotOf } from '../../../shared/contract/jobs';
import type { ProfileView } from '../../../shared/domain/profile';
import { useBridge } from '../../bridge/bridge-context';
import { useMutationRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { JobProgress } from '../../components/job-progress';
import { ProposedConfiguration, type TimeoutChoice } from './proposed-configuration';
import { SetupChecks } from './setup-checks';
import { ApplyOutcome, ArchivingWorks, VerificationProblem } from './setup-outcomes';

/** The answers that change once archiving is applied or proved. */
const staleAfterSetup: RequestName[] = ['archive.plan', 'archive.status', 'profiles.test', 'wal.window', 'wal.summary', 'wal.segments', 'wal.clusters'];

const steps = { check: 0, configure: 1, apply: 2, verify: 3, works: 4 } as const;

/**
 * Seed 004's procedure as a wizard: read the settings, propose a durable configuration, apply it
 * with ALTER SYSTEM (and restart a managed cluster), then prove it with pg_switch_wal() and a
 * segment that arrives. "Archiving works" is shown only after that proof.
 */
export function ArchivingWizard({ profile }: { profile: ProfileView }) {
  const server = { profileId: profile.id };
  const queryClient = useQueryClient();
  const [step, setStep] = useState<number>(steps.check);
  const [timeout, setTimeoutChoice] = useState<TimeoutChoice>({ enabled: false, seconds: 300 });
  const [restart, setRestart] = useState(true);
  const [applyJobId, setApplyJobId] = useState<string | null>(null);
  const [applyResult, setApplyResult] = useState<ArchiveApplyResult | null>(null);
  const [verifyJobId, setVerifyJobId] = useState<string | null>(null);
  const [verification, setVerification] = useState<ArchiveVerification | null>(null);

  const archiveTimeoutSeconds = timeout.enabled ? timeout.seconds : undefined;
  const plan = usePlan({ server, ...(archiveTimeoutSeconds !== undefined ? { archiveTimeoutSeconds } : {}) });
  const apply = useMutationRequest('archive.apply', {
    onSuccess: ({ jobId }) => {
      setApplyJobId(jobId);
      setApplyResult(null);
      setVerification(null);
      setStep(steps.apply);
    },
  });
  const verify = useMutationRequest('archive.verify', {
    onSuccess: ({ jobId }) => {
      setVerifyJobId(jobId);
      setVerification(null);
    },
  });

  const refreshAfterJob = () => Promise.all(staleAfterSetup.map((name) => queryClient.invalidateQueries({ queryKey: [name] })));
  const startApply = (withRestart: boolean) =>
    apply.mutate({ server, method: 'auto', restart: withRestart, verify: true, ...(archiveTimeoutSeconds !== undefined ? { archiveTimeoutSeconds } : {}) });

  const onApplyFinished = (snapshot: JobSnapshotOf<'archive.setup'>) => {
    void refreshAfterJob();
    if (snapshot.state.status !== 'succeeded') return;
    const result = snapshot.state.result;
    setApplyResult(result);
    if (result.verification) {
      setVerification(result.verification);
      if (result.verification.status === 'works') setStep(steps.works);
    }
  };
  const onVerifyFinished = (snapshot: JobSnapshotOf<'archive.verify'>) => {
    void refreshAfterJob();
    if (snapshot.state.status !== 'succeeded') return;
    const result = snapshot.state.result;
    setVerification(result);
    if (result.status === 'works') setStep(steps.works);
  };

  if (plan.isPending) {
    return (
      <Group gap="sm">
        <Loader size="sm" />
        <Text>Reading the server's archiving settings…</Text>
      </Group>
    );
  }
  if (plan.error && !plan.data) return <ErrorAlert error={plan.error} title="Cannot read the server's archiving settings" />;
  const current: ArchiveSetupPlan = plan.data!;
  const hasChanges = current.changes.length > 0;
  const blocked = current.blockers.length > 0;
  const works = verification?.status === 'works' ? verification : null;

  return (
    <Paper withBorder p="xl" radius="md" data-testid="archiving-wizard" data-step={step}>
      <Stepper active={step} onStepClick={(index) => index < step && index !== steps.apply && setStep(index)} allowNextStepsSelect={false} size="sm">
        <Stepper.Step label="Current settings" description="What is missing">
          <StepBody>
            <SetupChecks plan={current} />
            <Group justify="flex-end">
              <Button rightSection={<IconArrowRight size={16} />} onClick={() => setStep(steps.configure)} data-testid="to-configure">
                See the proposed configuration
              </Button>
            </Group>
          </StepBody>
        </Stepper.Step>

        <Stepper.Step label="Proposed configuration" description={current.method.kind === 'basic_archive' ? 'basic_archive' : 'archive script'}>
          <StepBody>
            <ProposedConfiguration plan={current} timeout={timeout} onTimeoutChange={setTimeoutChoice} restart={restart} onRestartChange={setRestart} />
            {plan.error && <ErrorAlert error={plan.error} title="Cannot plan with this archive_timeout" />}
            {apply.error && <ErrorAlert error={apply.error} title="Could not start applying" />}
            <Group justify="space-between">
              <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={() => setStep(steps.check)}>
                Back
              </Button>
              {hasChanges ? (
                <Button
                  leftSection={<IconSettingsCheck size={16} />}
                  disabled={blocked || plan.isFetching}
                  loading={apply.isPending}
                  onClick={() => startApply(restart && current.managedClusterId !== null)}
                  data-testid="apply-setup"
                >
                  Apply with ALTER SYSTEM{current.restartNeeded && current.managedClusterId && restart ? ' and restart' : ''}
                </Button>
              ) : (
                <Button rightSection={<IconArrowRight size={16} />} onClick={() => setStep(steps.verify)} data-testid="to-verify">
                  Nothing to apply: verify
                </Button>
              )}
            </Group>
          </StepBody>
        </Stepper.Step>

        <Stepper.Step label="Apply" description={hasChanges || applyJobId ? 'ALTER SYSTEM' : 'not needed'}>
          <StepBody>
            {applyJobId && <JobProgress key={applyJobId} kind="archive.setup" jobId={applyJobId} onFinished={onApplyFinished} />}
            {applyResult && (
              <ApplyOutcome
                result={applyResult}
                restarting={apply.isPending}
                onRestart={applyResult.plan.managedClusterId && applyResult.restart === 'needed' ? () => startApply(true) : null}
              />
            )}
            {verification && verification.status !== 'works' && <VerificationProblem verification={verification} />}
            {applyResult && (
              <Group justify="flex-end">
                <Button
                  rightSection={<IconArrowRight size={16} />}
                  variant={applyResult.restart === 'needed' ? 'default' : 'filled'}
                  onClick={() => setStep(steps.verify)}
                  data-testid="to-verify"
                >
                  {applyResult.restart === 'needed' ? 'I restarted it: verify' : 'Verify'}
                </Button>
              </Group>
            )}
          </StepBody>
        </Stepper.Step>

        <Stepper.Step label="Verify" description="A real segment" loading={verify.isPending}>
          <StepBody>
            <Text size="sm">
              Tidemark writes a WAL record, calls <code>pg_switch_wal()</code>, then waits until that segment is in <code>{current.archiveDir}</code> and{' '}
              <code>pg_stat_archiver</code> counts it (up to a minute). A failure the archiver reports meanwhile ends the check early.
            </Text>
            {verify.error && <ErrorAlert error={verify.error} title="Could not start the verification" />}
            {verifyJobId && <JobProgress key={verifyJobId} kind="archive.verify" jobId={verifyJobId} onFinished={onVerifyFinished} />}
            {verification && verification.status !== 'works' && verifyJobId && <VerificationProblem verification={verification} />}
            <Group justify="space-between">
              <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={() => setStep(steps.configure)}>
                Back
              </Button>
              <Button
                leftSection={<IconPlayerPlay size={16} />}
                loading={verify.isPending}
                onClick={() => verify.mutate({ server })}
                data-testid="verify-archiving"
              >
                {verifyJobId ? 'Verify again' : 'Verify now'}
              </Button>
            </Group>
          </StepBody>
        </Stepper.Step>

        <Stepper.Completed>
          <StepBody>
            {works && (
              <ArchivingWorks
                verification={works}
                archiveDir={current.archiveDir}
                profileId={profile.id}
                systemIdentifier={current.server.systemIdentifier}
                repositoryDir={profile.repositoryDir}
              />
            )}
            <Group>
              <Button variant="default" onClick={() => setStep(steps.verify)}>
                Verify again
              </Button>
            </Group>
          </StepBody>
        </Stepper.Completed>
      </Stepper>
    </Paper>
  );
}

function StepBody({ children }: { children: ReactNode }) {
  return (
    <Stack gap="lg" pt="lg">
      {children}
    </Stack>
  );
}

/** archive.plan, keeping the previous plan on screen while a changed archive_timeout is re-planned. */
function usePlan(input: RequestInput<'archive.plan'>) {
  const { api } = useBridge();
  return useQuery<ArchiveSetupPlan, TidemarkError>({
    queryKey: ['archive.plan', input],
    queryFn: () => call(api, 'archive.plan', input),
    placeholderData: keepPreviousData,
  });
}
