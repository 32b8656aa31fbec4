import { useMutation } from "@tanstack/react-query";

import { api } from "../../lib/api-client";
import { isoToday, saveBlob, slug as baseSlug } from "../../lib/download";
import { call } from "../../lib/problem";

/** "samklang-data-2026-11-27.zip", in local time. */
export function exportFilename(suffix = "", now: Date = new Date()): string {
  return `samklang-data${suffix ? `-${suffix}` : ""}-${isoToday(now)}.zip`;
}

/** Download everything about me (a ZIP). */
export function useExportMine() {
  return useMutation({
    mutationFn: async () => {
      const blob = await call(api.GET("/api/v1/me/export", { parseAs: "blob" }));
      saveBlob(blob as Blob, exportFilename());
    },
  });
}

/** Delete my own account, confirmed with my password. */
export function useDeleteMe() {
  return useMutation({
    mutationFn: (password: string) => call(api.DELETE("/api/v1/me", { body: { password } })),
  });
}

/** The project team downloads everything about a person. */
export function useExportUser() {
  return useMutation({
    mutationFn: async ({ id, name }: { id: string; name: string }) => {
      const blob = await call(
        api.GET("/api/v1/users/{user_id}/export", { params: { path: { user_id: id } }, parseAs: "blob" }),
      );
      saveBlob(blob as Blob, exportFilename(slug(name)));
    },
  });
}

/** The project team deletes a person's account, keeping or erasing what they wrote. */
export function useDeleteUser() {
  return useMutation({
    mutationFn: ({ id, eraseContent }: { id: string; eraseContent: boolean }) =>
      call(
        api.DELETE("/api/v1/users/{user_id}", {
          params: { path: { user_id: id }, query: { erase_content: eraseContent } },
        }),
      ),
  });
}

/** A file-name part from a person's name: "Åse Ørn" → "ase-orn". */
export function slug(name: string): string {
  return baseSlug(name, "user", 40);
}
