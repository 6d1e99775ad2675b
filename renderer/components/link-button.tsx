import { Button, type ButtonProps } from '@mantine/core';
import type { ComponentPropsWithoutRef } from 'react';
import { hrefFor, type Route } from '../app/routes';

/** A button that opens a page of the app: a link to its route (so it can be opened in a new window), drawn as a button. */
export function LinkButton({ to, ...props }: { to: Route } & ButtonProps & Omit<ComponentPropsWithoutRef<'a'>, keyof ButtonProps | 'href'>) {
  return <Button component="a" href={hrefFor(to)} {...props} />;
}
