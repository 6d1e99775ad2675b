import { NumberInput, type NumberInputProps } from '@mantine/core';

/** A whole number in [min, max], or empty (null) where the placeholder says what empty means. */
export function WholeNumberInput({
  value,
  onChange,
  testId,
  ...field
}: Omit<NumberInputProps, 'value' | 'onChange'> & { value: number | null; onChange(value: number | null): void; testId: string }) {
  return (
    <NumberInput
      {...field}
      allowDecimal={false}
      clampBehavior="strict"
      thousandSeparator=""
      value={value ?? ''}
      onChange={(next) => onChange(typeof next === 'number' ? next : null)}
      data-testid={testId}
    />
  );
}
