import { Alert, Button, Center, Loader, Stack, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, get, post } from "../../api/client.ts";
import { AuthFrame } from "../../components/AuthFrame.tsx";
import { useMe, workspacesKey } from "../auth/session.ts";

interface Preview {
  workspaceName: string;
  role: string;
  status: "pending" | "accepted" | "expired" | "revoked";
}

/** Opening an invitation link: see where it leads, log in or sign up, then join. */
export function AcceptInvitePage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useMe();
  const preview = useQuery({ queryKey: ["invitation", token], queryFn: () => get<Preview>(`/invitations/${token}`), retry: false });
  const [error, setError] = useState<string | null>(null);
  const next = encodeURIComponent(`/invite/${token}`);

  const accept = async () => {
    setError(null);
    try {
      const { workspaceId } = await post<{ workspaceId: string }>(`/invitations/${token}/accept`);
      await client.invalidateQueries({ queryKey: workspacesKey });
      void navigate(`/w/${workspaceId}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  if (preview.isPending || me.isPending) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  const p = preview.data;
  return (
    <AuthFrame title={t("invite.acceptTitle")}>
      <Stack>
        {!p || p.status !== "pending" ? (
          <Alert color="orange">{preview.error instanceof ApiError ? preview.error.message : t(`invite.unusable.${p?.status ?? "invalid"}`)}</Alert>
        ) : (
          <>
            <Text>{t("invite.acceptText", { workspace: p.workspaceName, role: t(`roles.${p.role}`) })}</Text>
            {error && <Alert color="red">{error}</Alert>}
            {me.data ? (
              <Button onClick={() => void accept()}>{t("invite.join", { workspace: p.workspaceName })}</Button>
            ) : (
              <>
                <Button component={Link} to={`/signup?next=${next}`}>
                  {t("invite.signupToJoin")}
                </Button>
                <Button component={Link} to={`/login?next=${next}`} variant="light">
                  {t("invite.loginToJoin")}
                </Button>
              </>
            )}
          </>
        )}
      </Stack>
    </AuthFrame>
  );
}
