import { Heading } from "@digdir/designsystemet-react";
import { useEffect, useRef, type ReactNode } from "react";

let firstPageShown = false;

/**
 * The page's one h1. After a navigation it takes focus, so keyboard and screen reader users
 * start at the new page's heading; on the very first page of a visit focus stays put.
 */
export function PageHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!firstPageShown) {
      firstPageShown = true;
      return;
    }
    ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <Heading level={1} data-size="lg" ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </Heading>
  );
}
