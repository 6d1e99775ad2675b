import { Select, type SelectProps } from '@mantine/core';
import { useMemo, useState } from 'react';
import { timeZoneChoices } from './recovery/zoned-time';

/**
 * An IANA time zone: `suggested` (a server's zone), the viewer's and UTC first, then every zone
 * the browser knows, and any valid name typed (browsers list one name per zone).
 */
export function TimeZoneSelect({
  value,
  onChange,
  suggested = null,
  testId,
  ...field
}: Pick<SelectProps, 'label' | 'description' | 'error'> & { value: string; onChange(zone: string): void; suggested?: string | null; testId: string }) {
  const [search, setSearch] = useState('');
  const zones = useMemo(() => timeZoneChoices(suggested, [value, search.trim()]), [suggested, value, search]);
  return (
    <Select
      label="Time zone"
      {...field}
      data={zones}
      value={value}
      onChange={(zone) => zone && onChange(zone)}
      searchable
      onSearchChange={setSearch}
      allowDeselect={false}
      maxDropdownHeight={280}
      data-testid={testId}
    />
  );
}
