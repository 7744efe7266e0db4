// A release's 対象 (S-/C- records): list, open, remove, add by number.
import type { DetailDto } from "../bindings/DetailDto";
import { api } from "../api";
import { useApp } from "../ctx";
import { LinkList } from "./LinkList";

export function Members(props: { version: string; members: DetailDto["links"]; reload: () => Promise<void> }) {
  const { t } = useApp();
  return (
    <LinkList
      ids={{ list: "members", input: "member-no", add: "add-member" }}
      links={props.members}
      placeholder="S-0001 / C-0001"
      addLabel={t.addMember}
      removeLabel={t.remove}
      onAdd={async (no) => void (await api.addMember(props.version, no))}
      onRemove={async (no) => void (await api.removeMember(props.version, no))}
      reload={props.reload}
    />
  );
}

/** A failure's 同根障害: failures with the same root cause, linked both ways. */
export function SameRoot(props: { no: string; links: DetailDto["links"]; reload: () => Promise<void> }) {
  const { t } = useApp();
  return (
    <div>
      <p className="muted pad">{t.sameRootHint}</p>
      <LinkList
        ids={{ list: "same-root", input: "same-root-no", add: "add-same-root" }}
        links={props.links}
        placeholder="S-0002"
        addLabel={t.addMember}
        removeLabel={t.unlink}
        onAdd={(no) => api.linkSameRoot(props.no, no, true)}
        onRemove={(no) => api.linkSameRoot(props.no, no, false)}
        reload={props.reload}
      />
    </div>
  );
}
