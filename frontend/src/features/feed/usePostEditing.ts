import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import { postQuery, type Post } from "./api";

/**
 * Editing a post in place (on its feed card and on its page): `start` loads the latest text
 * and version (never a cached copy), `done` closes the editor and puts focus back on the
 * Edit button, whose ref is `editButton`.
 */
export function usePostEditing(postId: string, onStart: () => void) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Post | null>(null);
  const [opening, setOpening] = useState(false);
  const [openError, setOpenError] = useState<unknown>(null);
  const returnFocus = useRef(false);
  const editButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!editing && returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
  }, [editing]);

  async function start() {
    if (opening) return;
    onStart();
    setOpenError(null);
    setOpening(true);
    try {
      setEditing(await queryClient.fetchQuery({ ...postQuery(postId), staleTime: 0 }));
    } catch (error) {
      setOpenError(error);
    } finally {
      setOpening(false);
    }
  }

  function done() {
    returnFocus.current = true;
    setEditing(null);
  }

  return { editing, opening, openError, editButton, start, done };
}
