import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { ApiError, writes, type OwnProfile } from "../../lib/api";
import { useSignedIn } from "./useSignedIn";
import { WriteError } from "./WriteError";

/** Your own name, bio and avatar; nothing is shown to others until you make it public. */
export function ProfileEditor() {
  const { busy, error, write } = useSignedIn();
  const [profile, setProfile] = useState<Pick<OwnProfile, "display_name" | "bio" | "avatar_url" | "public"> | null>(null);
  const [saved, setSaved] = useState(false);
  const client = useQueryClient();
  if (!profile) {
    return (
      <div>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void write(async (token) => {
              try {
                const mine = await writes.myProfile(token);
                setProfile({ display_name: mine.display_name, bio: mine.bio, avatar_url: mine.avatar_url, public: mine.public });
              } catch (failure) {
                if (!(failure instanceof ApiError && failure.status === 404)) throw failure;
                setProfile({ display_name: null, bio: null, avatar_url: null, public: false });
              }
            })
          }
        >
          Edit my profile
        </button>
        <WriteError error={error} />
      </div>
    );
  }
  const text = (value: string) => (value.trim() ? value.trim() : null);
  return (
    <form
      className="profile-form"
      data-testid="profile-form"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void write(async (token) => {
          await writes.saveProfile(profile, token);
          setSaved(true);
          await client.invalidateQueries({ queryKey: ["profile"] });
        });
      }}
    >
      <label className="field" htmlFor="profile-name">
        <span>Display name</span>
        <input id="profile-name" maxLength={64} value={profile.display_name ?? ""} onChange={(e) => setProfile({ ...profile, display_name: text(e.target.value) })} />
      </label>
      <label className="field" htmlFor="profile-bio">
        <span>Bio</span>
        <textarea id="profile-bio" rows={3} maxLength={500} value={profile.bio ?? ""} onChange={(e) => setProfile({ ...profile, bio: text(e.target.value) })} />
      </label>
      <label className="field" htmlFor="profile-avatar">
        <span>Avatar URL (https://)</span>
        <input id="profile-avatar" maxLength={500} value={profile.avatar_url ?? ""} onChange={(e) => setProfile({ ...profile, avatar_url: text(e.target.value) })} />
      </label>
      <label className="check" htmlFor="profile-public">
        <input id="profile-public" type="checkbox" checked={profile.public} onChange={(e) => setProfile({ ...profile, public: e.target.checked })} /> Make my profile
        public (your name, bio and the purchases you chose to show)
      </label>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save my profile
        </button>
      </div>
      {saved && <p className="ok">Saved.</p>}
      <WriteError error={error} />
    </form>
  );
}
