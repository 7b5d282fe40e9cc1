import { Icon, type IconName } from "./Icon";

export function EmptyState({ title, body, icon }: { title: string; body: string; icon: IconName }) {
  return (
    <section className="empty-state" aria-label={title}>
      <div className="empty-state__icon">
        <Icon name={icon} size={32} />
      </div>
      <h2>{title}</h2>
      <p>{body}</p>
    </section>
  );
}
