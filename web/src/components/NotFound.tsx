import { Link } from "react-router";

export function NotFound() {
  return (
    <section className="panel">
      <h1>Nothing here</h1>
      <p>
        This address is not a page of the storefront. <Link to="/">Back to the feed</Link>.
      </p>
    </section>
  );
}
