// From react-router/dom, not react-router: only this one wires in react-dom's flushSync, without
// which `flushSync: true` on the URL-state filters' setSearchParams is silently ignored.
import { RouterProvider } from "react-router/dom";

import { AppProviders, createQueryClient } from "./providers";
import { createRouter } from "./router";

const queryClient = createQueryClient();
const router = createRouter();

export function App() {
  return (
    <AppProviders client={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
