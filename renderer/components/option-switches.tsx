import { Switch } from '@mantine/core';
import type { ReactNode } from 'react';

/** The fields of a draft that hold a boolean: what an option switch may set. */
export type BooleanField<Draft> = { [K in keyof Draft]-?: Draft[K] extends boolean ? K : never }[keyof Draft] & string;

/** One on/off option of a form: the boolean field of the draft it sets, and what it does. */
export interface OptionSwitch<Field extends string> {
  field: Field;
  label: string;
  description: ReactNode;
  disabled?: boolean;
  testId?: string;
}

/** A form's on/off options, one Switch each, bound to the draft's boolean fields (the compiler refuses a field that is not one). */
export function OptionSwitches<Field extends string>({
  draft,
  onChange,
  options,
}: {
  draft: Record<NoInfer<Field>, boolean>;
  onChange: (change: Partial<Record<NoInfer<Field>, boolean>>) => void;
  options: readonly OptionSwitch<Field>[];
}) {
  function set(field: Field, on: boolean) {
    const change: Partial<Record<Field, boolean>> = {};
    change[field] = on;
    onChange(change);
  }
  return options.map(({ field, label, description, disabled, testId }) => (
    <Switch
      key={field}
      checked={draft[field]}
      onChange={(event) => set(field, event.currentTarget.checked)}
      label={label}
      description={description}
      disabled={disabled}
      data-testid={testId}
    />
  ));
}
