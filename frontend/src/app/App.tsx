import { RouterProvider } from "react-router";

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
