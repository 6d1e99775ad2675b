import { Radio, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { CatchUpPolicy, OverlapPolicy } from '../../../shared/domain/schedule';
import { formatDurationSeconds } from '../../../shared/format/duration';
import { FormSection } from '../../components/form-section';
import { WholeNumberInput } from '../../components/whole-number-input';
import type { ScheduleDraft } from './schedule-draft';

type PolicyDraft = Pick<
  ScheduleDraft,
  'catchUp' | 'overlap' | 'retryCount' | 'retryDelaySeconds' | 'startWithinMinutes' | 'overdueAfterHours' | 'heartbeatUrl'
>;

interface Choice<T extends string> {
  value: T;
  label: string;
  description: string;
}

/** A policy question and its answers; each answer's test id is `testId-value`. */
interface Question<T extends string> {
  label: string;
  description: string;
  testId: string;
  choices: Choice<T>[];
}

const catchUpQuestion: Question<CatchUpPolicy> = {
  label: 'Slots missed while nothing ran',
  description: 'Tidemark was not running, or the computer slept.',
  testId: 'catch-up',
  choices: [
    { value: 'once', label: 'Catch up once', description: 'One run for any number missed, as soon as Tidemark looks again.' },
    { value: 'skip', label: 'Skip them', description: 'Recorded as missed; the next slot runs as usual.' },
  ],
};

const overlapQuestion: Question<OverlapPolicy> = {
  label: 'A slot while the last run still runs',
  description: 'A long backup reaching into the next slot.',
  testId: 'overlap',
  choices: [
    { value: 'skip', label: 'Skip the slot', description: 'Recorded as missed (overlap).' },
    { value: 'queue-one', label: 'Queue one', description: 'Runs right after the current run ends; at most one waits.' },
  ],
};

function Choices<T extends string>({ question, value, onChange }: { question: Question<T>; value: T; onChange(value: T): void }) {
  return (
    <Radio.Group label={question.label} description={question.description} value={value} onChange={(chosen) => onChange(chosen as T)}>
      <Stack gap="xs" mt="xs">
        {question.choices.map((choice) => (
          <Radio
            key={choice.value}
            value={choice.value}
            label={choice.label}
            description={choice.description}
            data-testid={`${question.testId}-${choice.value}`}
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}

type RetryKey = 'retryCount' | 'retryDelaySeconds' | 'startWithinMinutes';
const testIds: Record<RetryKey, string> = { retryCount: 'retry-count', retryDelaySeconds: 'retry-delay', startWithinMinutes: 'start-within' };

/** The retries and the start window: whole numbers, each with what an empty field means. */
function retryFields(draft: PolicyDraft) {
  const delays = Array.from({ length: Math.min(draft.retryCount, 3) }, (_, attempt) => formatDurationSeconds(draft.retryDelaySeconds * 2 ** attempt));
  return [
    { key: 'retryCount' as const, label: 'Retries of a failed run', min: 0, max: 10, emptyIs: 0 },
    {
      key: 'retryDelaySeconds' as const,
      label: 'First retry after (seconds)',
      description: draft.retryCount > 0 ? `Doubling each time: ${delays.join(', ')}${draft.retryCount > 3 ? ', …' : ''}` : 'No retries',
      min: 1,
      max: 86_400,
      disabled: draft.retryCount === 0,
      emptyIs: 1,
    },
    {
      key: 'startWithinMinutes' as const,
      label: 'Do not start more than … minutes late',
      description: 'A slot (or its retry) not started by then is missed; empty: no limit.',
      placeholder: 'no limit',
      min: 1,
      max: 10_080,
      emptyIs: null,
    },
  ];
}

/** What happens when a slot is missed, overlaps a run, or fails; and how someone notices it stopped. */
export function PolicyFields({ draft, onChange }: { draft: PolicyDraft; onChange(change: Partial<PolicyDraft>): void }) {
  return (
    <>
      <FormSection title="When a run is missed, overlaps or fails" testId="schedule-policy">
        <Stack gap="lg">
          <SimpleGrid cols={2} spacing="lg">
            <Choices question={catchUpQuestion} value={draft.catchUp} onChange={(catchUp) => onChange({ catchUp })} />
            <Choices question={overlapQuestion} value={draft.overlap} onChange={(overlap) => onChange({ overlap })} />
          </SimpleGrid>
          <SimpleGrid cols={3} spacing="md">
            {retryFields(draft).map(({ key, emptyIs, ...field }) => (
              <WholeNumberInput key={key} {...field} value={draft[key]} onChange={(value) => onChange({ [key]: value ?? emptyIs })} testId={testIds[key]} />
            ))}
          </SimpleGrid>
        </Stack>
      </FormSection>
      <FormSection title="Watching it" testId="schedule-watch">
        <SimpleGrid cols={2} spacing="md">
          <WholeNumberInput
            label="Overdue after (hours)"
            description="No successful run for this long marks it overdue, in red; empty: twice the usual gap between its slots."
            placeholder="twice the gap between slots"
            min={1}
            max={24 * 366}
            value={draft.overdueAfterHours}
            onChange={(overdueAfterHours) => onChange({ overdueAfterHours })}
            testId="overdue-after"
          />
          <TextInput
            label="Heartbeat URL"
            description="healthchecks.io style, optional: pinged at the start (/start), on success and on failure (/fail), so someone notices when this computer is off."
            placeholder="https://hc-ping.com/…"
            type="url"
            spellCheck={false}
            autoComplete="off"
            value={draft.heartbeatUrl}
            onChange={(event) => onChange({ heartbeatUrl: event.currentTarget.value })}
            data-testid="heartbeat-url"
          />
        </SimpleGrid>
      </FormSection>
    </>
  );
}
