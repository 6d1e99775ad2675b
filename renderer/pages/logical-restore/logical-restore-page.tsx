import { Button, Group, Loader, Stack, Stepper, Text } from '@mantine/core';
import { IconArrowLeft, IconArrowRight } from '@tabler/icons-react';
import { useState } from 'react';
import type { LogicalManifest } from '../../../shared/domain/backup';
import type { JobSnapshotOf } from '../../../shared/contract/jobs';
import type { RestoreResult } from '../../../shared/domain/restore';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { ChooseBackupStep } from './choose-backup-step';
import { ContentsStep } from './contents-step';
import { OptionsStep } from './options-step';
import { initialRestoreDraft, restoreRequestOf, stepProblem, type RestoreDraft, type WizardStep } from './restore-draft';
import { RestoreResultView } from './restore-result-view';
import { ReviewRunStep } from './review-run-step';
import { TargetStep } from './target-step';

// Labels only: six steps with descriptions do not fit one line of the page.
const steps: { key: WizardStep | 'run' | 'result'; label: string }[] = [
  { key: 'backup', label: 'Backup' },
  { key: 'contents', label: 'Contents' },
  { key: 'target', label: 'Target' },
  { key: 'options', label: 'Options' },
  { key: 'run', label: 'Review & run' },
  { key: 'result', label: 'Result' },
];
const runStep = 4;
const resultStep = 5;

/** The logical restore wizard: six steps from a backup to a restored database with its row counts checked. */
export function LogicalRestorePage({ backupId }: { backupId: string | null }) {
  const profiles = useRequest('profiles.list', {});
  const [draft, setDraft] = useState<RestoreDraft>(() => initialRestoreDraft(backupId));
  const [active, setActive] = useState(backupId ? 1 : 0);
  const [jobId, setJobId] = useState<string | null>(null);
  const [result, setResult] = useState<RestoreResult | null>(null);
  const [ended, setEnded] = useState<JobSnapshotOf<'restore.logical'> | null>(null);
  const manifest = useRequest('backups.get', { id: draft.backupId ?? '' }, { enabled: draft.backupId !== null });
  const logical = manifest.data?.kind === 'logical' ? (manifest.data as LogicalManifest) : null;
  const change = (patch: Partial<RestoreDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const started = jobId !== null;

  const current = steps[active]!.key;
  const problem = current === 'run' || current === 'result' ? null : stepProblem(draft, current);
  const request = logical ? restoreRequestOf(draft, logical.logical.format) : null;
  const restart = () => {
    setDraft(initialRestoreDraft(null));
    setJobId(null);
    setResult(null);
    setEnded(null);
    setActive(0);
  };

  const body = (() => {
    if (current === 'backup') {
      return (
        <ChooseBackupStep
          backupId={draft.backupId}
          onChoose={(id) => {
            if (id !== draft.backupId) setDraft(initialRestoreDraft(id));
            setActive(1);
          }}
        />
      );
    }
    if (manifest.isPending) return <Loader />;
    if (manifest.error) return <ErrorAlert error={manifest.error} title="Cannot read this backup" />;
    if (!logical)
      return (
        <ErrorAlert
          error={{
            code: 'invalid_input',
            message: `Backup ${draft.backupId} is a ${manifest.data.kind} backup: this wizard restores logical ones.`,
            hint: 'Choose another backup.',
          }}
        />
      );
    if (logical.status !== 'complete')
      return (
        <ErrorAlert
          error={{
            code: 'invalid_input',
            message: `Backup ${logical.id} is ${logical.status}: it holds no data to restore.`,
            hint: 'Choose a backup whose status is Succeeded.',
          }}
        />
      );
    switch (current) {
      case 'contents':
        return <ContentsStep manifest={logical} draft={draft} onChange={change} />;
      case 'target':
        return profiles.data ? <TargetStep manifest={logical} profiles={profiles.data} draft={draft} onChange={change} /> : <Loader />;
      case 'options':
        return <OptionsStep manifest={logical} draft={draft} onChange={change} />;
      case 'run':
        return request ? (
          <Stack gap="md">
            <ReviewRunStep
              manifest={logical}
              request={request}
              jobId={jobId}
              onBack={() => setActive(runStep - 1)}
              onStarted={setJobId}
              onFinished={(snapshot) => {
                setEnded(snapshot);
                if (snapshot.state.status === 'succeeded') {
                  setResult(snapshot.state.result);
                  setActive(resultStep);
                }
              }}
            />
            {ended && ended.state.status !== 'succeeded' && (
              <Group>
                <Button
                  variant="default"
                  onClick={() => {
                    setJobId(null);
                    setEnded(null);
                  }}
                  data-testid="restore-back-to-review"
                >
                  Back to the review
                </Button>
              </Group>
            )}
          </Stack>
        ) : (
          <Text c="dimmed">Choose a target first.</Text>
        );
      case 'result':
        return result && jobId ? (
          <RestoreResultView
            result={result}
            jobId={jobId}
            profile={profiles.data?.find((p) => p.id === (draft.profileId ?? logical.profile?.id)) ?? null}
            onAnother={restart}
          />
        ) : null;
    }
  })();

  // Once a restore has started, the choices that led to it are history: no going back to edit them.
  const canGoBack = active > 0 && active < resultStep && !(started && !ended);

  return (
    <>
      <PageHeader
        title="Logical restore"
        description="Restore a pg_dump backup into a new database (nothing existing is touched) or over an existing one, whole or table by table, and check every table's rows against the backup."
      />
      <Stack gap="lg">
        <Stepper
          active={active}
          onStepClick={(step) => {
            if (step < active && !started) setActive(step);
          }}
          allowNextStepsSelect={false}
          size="sm"
          data-testid="restore-stepper"
        >
          {steps.map((step) => (
            <Stepper.Step key={step.key} label={step.label} />
          ))}
        </Stepper>
        <div data-testid="restore-step-body" data-step={current}>
          {body}
        </div>
        {active < runStep && (
          <Group justify="space-between" mt="md" pt="md" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
            <Button
              variant="default"
              leftSection={<IconArrowLeft size={16} />}
              disabled={!canGoBack}
              onClick={() => setActive((step) => step - 1)}
              data-testid="wizard-back"
            >
              Back
            </Button>
            <Group gap="md">
              {problem && (
                <Text size="sm" c="dimmed" data-testid="wizard-problem">
                  {problem}
                </Text>
              )}
              <Button
                rightSection={<IconArrowRight size={16} />}
                disabled={problem !== null || (active > 0 && !logical)}
                onClick={() => setActive((step) => step + 1)}
                data-testid="wizard-next"
              >
                Next
              </Button>
            </Group>
          </Group>
        )}
      </Stack>
    </>
  );
}
