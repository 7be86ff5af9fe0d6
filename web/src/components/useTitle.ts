import { useEffect } from "react";

/** The tab's title; on first load the API already rendered the same one into the shell. */
export function useTitle(title: string | null) {
  useEffect(() => {
    if (title) document.title = title;
  }, [title]);
}
