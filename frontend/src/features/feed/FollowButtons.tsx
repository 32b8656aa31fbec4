import { Button, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { problemMessage } from "../../lib/problem";
import { followsQuery, useFollowTopic, useFollowWorkspace } from "./api";
import "./feed.css";

/**
 * Follow a workspace (observers and others choose); a workspace one is a member or mentor of
 * is followed automatically and says so. A toggle button (aria-pressed) whose name starts with
 * its visible text and ends with the workspace's name ("Følg Bodø"), so a list of them is clear
 * to a screen reader and voice control can say what is shown.
 */
export function FollowWorkspaceButton({ workspaceId, name }: { workspaceId: string; name: string }) {
  const { t } = useTranslation();
  const follows = useQuery(followsQuery());
  const follow = useFollowWorkspace(workspaceId);
  const entry = follows.data?.workspaces.find((w) => w.workspace_id === workspaceId);
  if (follows.isPending || follows.isError) return null;
  if (entry?.implicit) {
    return (
      <Tag data-color="success" data-size="sm" className="follow-auto">
        {t("feed.follow.automatic")}
      </Tag>
    );
  }
  const following = entry !== undefined;
  return (
    <span className="follow">
      <Button
        type="button"
        variant={following ? "primary" : "secondary"}
        data-size="sm"
        aria-pressed={following}
        loading={follow.isPending}
        onClick={() => follow.mutate(!following)}
      >
        {following ? t("feed.follow.following") : t("feed.follow.follow")}
        <span className="visually-hidden"> {name}</span>
      </Button>
      {follow.isError && (
        <Paragraph data-size="sm" className="feed-error" role="alert">
          {problemMessage(follow.error, t)}
        </Paragraph>
      )}
    </span>
  );
}

export function FollowTopicButton({ topic }: { topic: string }) {
  const { t } = useTranslation();
  const follows = useQuery(followsQuery());
  const follow = useFollowTopic(topic);
  if (follows.isPending || follows.isError) return null;
  const following = follows.data.topics.some((x) => x.topic === topic);
  return (
    <span className="follow">
      <Button
        type="button"
        variant={following ? "primary" : "secondary"}
        data-size="sm"
        aria-pressed={following}
        loading={follow.isPending}
        onClick={() => follow.mutate(!following)}
      >
        {following ? t("feed.follow.following") : t("feed.follow.follow")}
        <span className="visually-hidden"> {t("feed.follow.topicHidden", { topic })}</span>
      </Button>
      {follow.isError && (
        <Paragraph data-size="sm" className="feed-error" role="alert">
          {problemMessage(follow.error, t)}
        </Paragraph>
      )}
    </span>
  );
}
