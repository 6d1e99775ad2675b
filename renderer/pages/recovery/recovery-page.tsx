import { Button, Group, Stack, Stepper, Text } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconHistory, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import type { JobSnapshotOf } from '../../../shared/contract/jobs';
import { recoveryJobKinds, type RecoveryJobKind } from '../../../shared/contract/pitr';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { JobProgress } from '../../components/job-progress';
import { PageHeader } from '../../components/page-header';
import { RecoveryErrorAlert } from '../../components/recovery/end-state-alert';
import { RecoveryProgressPanel } from '../../components/recovery/recovery-progress-panel';
import { emptyTargetDraft } from '../../components/recovery/target-draft';
import { isTimeZone, viewerZone } from '../../components/recovery/zoned-time';
import { BackupStep } from './backup-step';
import { ClusterStep, useServerReport } from './cluster-step';
import { DestinationStep } from './destination-step';
import { PlanReview } from './plan-review';
import { recoveryRequestFor, sourceOf, type RecoveryDraft } from './recovery-draft';
import { RecoveryResultView } from './recovery-result-view';
import { PlanVerdict, TargetStep } from './target-step';
import { useRecoveryPlan } from './use-recovery-plan';

type EditingStep = 0 | 1 | 2 | 3;

/** A recovery job the wizard follows: the first one, or a promote / retarget of a paused copy. */
interface FollowedRun {
  jobId: string;
  what: 'recover' | 'promote' | 'retarget';
  systemIdentifier: string;
  finished: JobSnapshotOf<RecoveryJobKind> | null;
}

const stepTitles = ['Cluster', 'Target', 'Base backup', 'Destination', 'Run', 'Result'];

function initialDraft(profileId: string | undefined): RecoveryDraft {
  return {
    cluster: profileId ? { kind: 'profile', profileId } : null,
    // An empty zone means "the default": the server's, once it has answered.
    target: emptyTargetDraft(''),
    backupId: null,
    destination: { kind: 'new-directory', dataDir: '', port: null },
    pauseForInspection: false,
  };
}

/**
 * Point-in-time recovery as a guided flow: cluster, target (bounded by the recoverable window),
 * base backup, destination and a review of exactly what is written, then the run with live
 * progress, and the result with what to do next.
 */
export function RecoveryPage({ profileId }: { profileId?: string }) {
  const [draft, setDraft] = useState<RecoveryDraft>(() => initialDraft(profileId));
  const [step, setStep] = useState<EditingStep>(profileId ? 1 : 0);
  const [run, setRun] = useState<FollowedRun | null>(null);
  const profiles = useRequest('profiles.list', {});

  const report = useServerReport(draft.cluster);
  const reportedZone = report.data?.facts.timeZone ?? null;
  const serverZone = reportedZone && isTimeZone(reportedZone) ? reportedZone : null;
  const target = { ...draft.target, timeZone: draft.target.timeZone || serverZone || viewerZone() };
  const effectiveDraft: RecoveryDraft = { ...draft, target };

  // A connection whose server does not answer is still known by its backups: the services find its
  // cluster for a plan, and the window is then read from the repository by that identifier.
  const serverDown = draft.cluster?.kind === 'profile' && report.isError;
  const discovery = useRequest(
    'pitr.plan',
    { source: draft.cluster ? sourceOf(draft.cluster) : undefined, target: { kind: 'latest' }, destination: { kind: 'new-directory' } },
    { enabled: serverDown && run === null },
  );
  const discoveredCluster = discovery.data?.kind === 'ready' ? discovery.data.plan.systemIdentifier : null;
  const chosenProfileId = draft.cluster?.kind === 'profile' ? draft.cluster.profileId : null;
  const originalProfile = profiles.data?.find((profile) => profile.id === chosenProfileId) ?? null;
  const windowInput =
    draft.cluster?.kind === 'repository'
      ? { systemIdentifier: draft.cluster.systemIdentifier }
      : serverDown
        ? { systemIdentifier: discoveredCluster ?? undefined, repositoryDir: originalProfile?.repositoryDir }
        : { server: { profileId: chosenProfileId ?? '' } };
  const window = useRequest('wal.window', windowInput, { enabled: draft.cluster !== null && run === null && (!serverDown || discoveredCluster !== null) });
  const windowError = window.error ?? discovery.error;
  const windowRefusal = discovery.data?.kind === 'refused' ? discovery.data.refusal : null;

  // What the target can reach, whatever the destination: the automatic backup choice and its alternatives.
  const autoPlan = useRecoveryPlan(
    recoveryRequestFor({ ...effectiveDraft, backupId: null, destination: { kind: 'new-directory', dataDir: '', port: null } }),
    step >= 1 && run === null,
  );
  const autoReady = autoPlan.data?.kind === 'ready' ? autoPlan.data.plan : null;
  // Exactly what will run: the chosen backup and destination.
  const fullRequest = recoveryRequestFor(effectiveDraft);
  const reviewPlan = useRecoveryPlan(fullRequest, step === 3 && run === null);
  const reviewReady = reviewPlan.data?.kind === 'ready' ? reviewPlan.data.plan : null;

  const start = useMutationRequest('pitr.start', {
    invalidates: ['clusters.list', 'profiles.list'],
    onSuccess: ({ jobId, plan }) => setRun({ jobId, what: 'recover', systemIdentifier: plan.systemIdentifier, finished: null }),
  });

  const update = (change: Partial<RecoveryDraft>) => setDraft((current) => ({ ...current, ...change }));
  const goTo = (next: EditingStep) => {
    // The destination step opens with a free port already suggested.
    if (next === 3 && draft.destination.kind === 'new-directory' && draft.destination.port === null && autoReady?.destination.kind === 'new-directory') {
      update({ destination: { ...draft.destination, port: autoReady.destination.port } });
    }
    setStep(next);
  };
  const canLeave: Record<EditingStep, boolean> = {
    0: draft.cluster !== null,
    1: autoReady !== null,
    2: autoReady !== null,
    3: reviewReady !== null && !start.isPending,
  };
  // Every step ticked once a recovery succeeded; the Result step stays current after a failure.
  const active = run ? (run.finished ? (run.finished.state.status === 'succeeded' ? stepTitles.length : 5) : 4) : step;

  return (
    <>
      <PageHeader
        title="Point-in-time recovery"
        description="Get a running copy of the database as it was at a moment you choose — before a bad migration, a dropped table, a wrong DELETE — beside the server, which keeps running."
      />
      <Stack gap="xl">
        <Stepper active={active} onStepClick={(index) => !run && index < step && setStep(index as EditingStep)} size="sm" data-testid="recovery-steps">
          {stepTitles.map((title) => (
            <Stepper.Step key={title} label={title} />
          ))}
        </Stepper>

        {!run && (
          <Stack gap="lg" data-testid={`recovery-step-${step}`}>
            {step === 0 && <ClusterStep cluster={draft.cluster} onChange={(cluster) => update({ cluster, backupId: null })} report={report} />}
            {step === 1 && (
              <TargetStep
                target={target}
                onChange={(next) => update({ target: next, backupId: null })}
                window={window.data ?? null}
                windowError={windowError}
                windowRefusal={windowRefusal}
                serverZone={serverZone}
                plan={autoPlan}
              />
            )}
            {step === 2 && autoReady && <BackupStep autoPlan={autoReady} backupId={draft.backupId} onChange={(backupId) => update({ backupId })} />}
            {step === 3 && (
              <>
                <DestinationStep
                  destination={draft.destination}
                  onChange={(destination) => update({ destination })}
                  suggestion={autoReady?.destination ?? null}
                  pauseForInspection={draft.pauseForInspection}
                  onPauseChange={(pauseForInspection) => update({ pauseForInspection })}
                  pauseMeaningful={target.kind !== 'latest'}
                />
                {reviewReady ? <PlanReview plan={reviewReady} /> : <PlanVerdict plan={reviewPlan} />}
                {!fullRequest && draft.destination.kind === 'in-place' && (
                  <Text size="sm" c="dimmed">
                    Type the cluster&apos;s name to see the plan.
                  </Text>
                )}
                {start.error && <RecoveryErrorAlert error={start.error} />}
              </>
            )}
            <Group justify="space-between">
              <Button variant="default" leftSection={<IconArrowLeft size={16} />} disabled={step === 0} onClick={() => goTo((step - 1) as EditingStep)}>
                Back
              </Button>
              {step < 3 ? (
                <Button
                  rightSection={<IconArrowRight size={16} />}
                  disabled={!canLeave[step]}
                  onClick={() => goTo((step + 1) as EditingStep)}
                  data-testid="recovery-next"
                >
                  Next
                </Button>
              ) : (
                <Button
                  leftSection={<IconHistory size={16} />}
                  disabled={!canLeave[3] || !fullRequest}
                  loading={start.isPending}
                  onClick={() => fullRequest && start.mutate(fullRequest)}
                  data-testid="start-recovery"
                >
                  Start recovery
                </Button>
              )}
            </Group>
          </Stack>
        )}

        {run && (
          <RunAndResult
            run={run}
            onFinished={(finished) => setRun((current) => (current && current.jobId === finished.id ? { ...current, finished } : current))}
            onFollowUp={(jobId, what) => setRun({ jobId, what, systemIdentifier: run.systemIdentifier, finished: null })}
            onChangePlan={() => {
              start.reset();
              setRun(null);
              setStep(3);
            }}
            onStartOver={() => {
              start.reset();
              setRun(null);
              setDraft(initialDraft(profileId));
              setStep(profileId ? 1 : 0);
            }}
            originalProfileName={originalProfile?.name ?? null}
            timeZone={target.timeZone}
          />
        )}
      </Stack>
    </>
  );
}

function RunAndResult({
  run,
  onFinished,
  onFollowUp,
  onChangePlan,
  onStartOver,
  originalProfileName,
  timeZone,
}: {
  run: FollowedRun;
  onFinished: (snapshot: JobSnapshotOf<RecoveryJobKind>) => void;
  onFollowUp: (jobId: string, what: 'promote' | 'retarget') => void;
  onChangePlan: () => void;
  onStartOver: () => void;
  originalProfileName: string | null;
  timeZone: string;
}) {
  const state = run.finished?.state;
  return (
    <Stack gap="lg" data-testid={run.finished ? 'recovery-step-5' : 'recovery-step-4'}>
      {!run.finished && run.what === 'recover' && <RecoveryProgressPanel jobId={run.jobId} />}
      {state?.status === 'succeeded' && (
        <RecoveryResultView
          result={state.result}
          systemIdentifier={run.systemIdentifier}
          originalProfileName={originalProfileName}
          timeZone={timeZone}
          onJobStarted={onFollowUp}
        />
      )}
      {state?.status === 'failed' && <RecoveryErrorAlert error={state.error} />}
      {state?.status === 'cancelled' && (
        <Text data-testid="recovery-cancelled">The recovery was cancelled: the server it started was stopped and everything it made was removed.</Text>
      )}
      {/* The job itself: its phase, Cancel while it runs, and the server log as it streams. */}
      <JobProgress key={run.jobId} kind={recoveryJobKinds} jobId={run.jobId} onFinished={onFinished} />
      {run.finished && state?.status !== 'succeeded' && (
        <Group>
          {run.what === 'recover' && (
            <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onChangePlan} data-testid="change-plan">
              Change the plan
            </Button>
          )}
          <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={onStartOver}>
            Start over
          </Button>
        </Group>
      )}
      {run.finished && state?.status === 'succeeded' && (
        <Group>
          <Button variant="subtle" leftSection={<IconRefresh size={16} />} onClick={onStartOver}>
            Start another recovery
          </Button>
        </Group>
      )}
    </Stack>
  );
}
