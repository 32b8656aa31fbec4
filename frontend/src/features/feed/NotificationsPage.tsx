import { Alert, Button, Fieldset, Heading, Link, Paragraph, Radio, Switch, Tag } from "@digdir/designsystemet-react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { problemMessage } from "../../lib/problem";
import {
  EMAIL_FREQUENCIES,
  notificationsQuery,
  settingsQuery,
  useMarkRead,
  useSaveSettings,
  type EmailFrequency,
  type Notification,
} from "./notificationsApi";
import "./feed.css";

function NotificationRow({ item }: { item: Notification }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mark = useMarkRead();
  const unread = item.read_at === null;
  const kind = t(`feed.notifications.kinds.${item.kind}` as never, { defaultValue: "" });

  return (
    <li className={unread ? "notification notification--unread" : "notification"} data-testid="notification">
      <div className="notification__main">
        <div className="notification__meta">
          {unread && (
            <Tag data-color="accent" data-size="sm">
              {t("feed.notifications.unread")}
            </Tag>
          )}
          {kind && <span>{kind}</span>}
          {item.workspace_name && <span className="muted">{item.workspace_name}</span>}
          <span className="muted">{formatDateTime(item.created_at)}</span>
        </div>
        <Paragraph className="notification__title">
          {item.url ? (
            <Link asChild>
              <RouterLink
                to={item.url}
                onClick={(e) => {
                  if (!unread) return;
                  e.preventDefault();
                  mark.mutate({ ids: [item.id] }, { onSettled: () => void navigate(item.url ?? "/") });
                }}
              >
                {item.title || kind}
              </RouterLink>
            </Link>
          ) : (
            item.title || kind
          )}
        </Paragraph>
        {item.text && <Paragraph data-size="sm">{item.text}</Paragraph>}
      </div>
      {unread && (
        <Button
          type="button"
          variant="tertiary"
          data-size="sm"
          loading={mark.isPending}
          onClick={() => mark.mutate({ ids: [item.id] })}
          aria-label={t("feed.notifications.markReadLabel", { title: item.title || kind })}
        >
          {t("feed.notifications.markRead")}
        </Button>
      )}
    </li>
  );
}

export function NotificationsPage() {
  const { t } = useTranslation();
  usePageTitle(t("feed.notifications.title"));
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useInfiniteQuery(notificationsQuery(unreadOnly));
  const markAll = useMarkRead();
  const [done, setDone] = useState(false);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const anyUnread = items.some((n) => n.read_at === null);

  return (
    <>
      <PageHeading>{t("feed.notifications.title")}</PageHeading>
      <Paragraph>
        {t("feed.notifications.intro")}{" "}
        <Link asChild>
          <RouterLink to="/notifications/settings">{t("feed.settings.link")}</RouterLink>
        </Link>
      </Paragraph>
      <div className="feed-filters">
        <Switch
          label={t("feed.notifications.unreadOnly")}
          checked={unreadOnly}
          onChange={(e) => setUnreadOnly(e.target.checked)}
        />
        <Button
          type="button"
          variant="secondary"
          data-size="sm"
          loading={markAll.isPending}
          aria-disabled={!anyUnread || undefined}
          onClick={() => {
            if (!anyUnread) return;
            setDone(false);
            markAll.mutate({ all: true }, { onSuccess: () => setDone(true) });
          }}
        >
          {t("feed.notifications.markAllRead")}
        </Button>
      </div>
      <div role="status" aria-live="polite" className="live-region">
        {done && <Paragraph data-size="sm" className="feed-saved">{t("feed.notifications.allRead")}</Paragraph>}
      </div>
      {markAll.isError && (
        <Alert data-color="danger" className="notice">
          <Paragraph>{problemMessage(markAll.error, t)}</Paragraph>
        </Alert>
      )}
      <section aria-labelledby="notifications-heading" className="section">
        <Heading level={2} data-size="xs" id="notifications-heading">
          {unreadOnly ? t("feed.notifications.listUnread") : t("feed.notifications.list")}
        </Heading>
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <Paragraph className="empty-state">
            {unreadOnly ? t("feed.notifications.emptyUnread") : t("feed.notifications.empty")}
          </Paragraph>
        ) : (
          <>
            <ul className="row-list notification-list" data-testid="notification-list">
              {items.map((item) => (
                <NotificationRow key={item.id} item={item} />
              ))}
            </ul>
            {list.hasNextPage && (
              <div>
                <Button variant="secondary" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                  {t("common.loadMore")}
                </Button>
              </div>
            )}
          </>
        )}
      </section>
    </>
  );
}

/** How often email comes: at once, a daily or weekly digest, or never. */
export function NotificationSettingsForm() {
  const { t } = useTranslation();
  const settings = useQuery(settingsQuery());
  const save = useSaveSettings();
  const [choice, setChoice] = useState<EmailFrequency | null>(null);
  const [saved, setSaved] = useState(false);
  const current = settings.data?.email;

  useEffect(() => {
    if (current && choice === null) setChoice(current);
  }, [current, choice]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!choice) return;
    setSaved(false);
    save.mutate(choice, { onSuccess: () => setSaved(true) });
  }

  if (settings.isPending) return <Loading />;
  if (settings.isError) return <QueryError error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <form onSubmit={onSubmit} className="form" noValidate>
      <Fieldset>
        <Fieldset.Legend>{t("feed.settings.legend")}</Fieldset.Legend>
        <Fieldset.Description>
          {settings.data.is_default ? t("feed.settings.isDefault") : t("feed.settings.description")}
        </Fieldset.Description>
        {EMAIL_FREQUENCIES.map((f) => (
          <Radio
            key={f}
            name="email-frequency"
            value={f}
            checked={choice === f}
            onChange={() => {
              setChoice(f);
              setSaved(false);
            }}
            label={t(`feed.settings.${f}`)}
            description={t(`feed.settings.${f}Hint`)}
          />
        ))}
      </Fieldset>
      {save.isError && (
        <Alert data-color="danger" className="notice">
          <Paragraph>{problemMessage(save.error, t)}</Paragraph>
        </Alert>
      )}
      <div role="status" aria-live="polite" className="live-region">
        {saved && <Paragraph data-size="sm" className="feed-saved">{t("feed.settings.saved")}</Paragraph>}
      </div>
      <div className="form__actions">
        <Button type="submit" loading={save.isPending}>
          {t("feed.settings.save")}
        </Button>
      </div>
    </form>
  );
}

export function NotificationSettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t("feed.settings.title"));
  return (
    <>
      <PageHeading>{t("feed.settings.title")}</PageHeading>
      <Paragraph>
        <Link asChild>
          <RouterLink to="/notifications">← {t("feed.settings.back")}</RouterLink>
        </Link>
      </Paragraph>
      <NotificationSettingsForm />
    </>
  );
}
