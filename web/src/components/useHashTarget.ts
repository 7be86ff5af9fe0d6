import { useEffect } from "react";
import { useLocation } from "react-router";

/**
 * Scroll to the element the URL's #hash names once it is on the page: a feed item links to
 * `/orders#order-…` or `/profiles/…#review-…`, whose cards appear only after their data loads,
 * so the browser's own jump at navigation finds nothing. `ready` says the list has rendered.
 */
export function useHashTarget(ready: boolean) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || hash.length < 2) return;
    const element = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!element) return;
    element.scrollIntoView({ block: "start" });
    element.classList.add("targeted");
  }, [ready, hash]);
}
