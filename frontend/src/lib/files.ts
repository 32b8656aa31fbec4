import type { components } from "../api/schema";
import { api } from "./api-client";
import { saveBlob } from "./download";
import { call } from "./problem";

/** A stored file as the API shows it (an attachment, a resource's file, a post's file). */
export type StoredFile = components["schemas"]["FileOut"];

/** Uploads a file to attach to something afterwards. */
export function uploadFile(file: File): Promise<StoredFile> {
  const body = new FormData();
  body.append("file", file);
  return call(
    api.POST("/api/v1/files", {
      // openapi-fetch sends FormData as multipart with the browser's boundary.
      body: body as unknown as { file: string },
    }),
  );
}

/** Downloads need the bearer token: fetch with the API client, then save via a blob URL. */
export async function downloadFile(file: StoredFile): Promise<void> {
  const blob = await call(
    api.GET("/api/v1/files/{file_id}", { params: { path: { file_id: file.id } }, parseAs: "blob" }),
  );
  saveBlob(blob as Blob, file.name);
}
