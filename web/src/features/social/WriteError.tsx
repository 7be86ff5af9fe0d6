/** The sentence a failed social write left, said to screen readers too. */
export function WriteError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="error small" role="alert" data-testid="write-error">
      {error}
    </p>
  );
}
