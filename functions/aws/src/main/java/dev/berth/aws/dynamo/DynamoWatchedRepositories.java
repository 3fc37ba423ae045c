package dev.berth.aws.dynamo;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.error.BerthException;
import dev.berth.core.openedx.TutorReleases;
import dev.berth.core.repository.Page;
import dev.berth.core.repository.WatchedRepositories;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Watched repositories. A name item ({@code REPONAME#owner/repo}) makes the full name unique
 * and lets a webhook find its repository with one read.
 */
record DynamoWatchedRepositories(DynamoTable table) implements WatchedRepositories {
    private static final String SK = "WATCHED";
    private static final String LIST = "WATCHED_REPOS";

    @Override
    public Optional<WatchedRepository> find(String id) {
        return table.get(key(id)).map(DynamoWatchedRepositories::fromItem);
    }

    @Override
    public Optional<WatchedRepository> findByFullName(String fullName) {
        return table.get(nameKey(fullName)).flatMap(guard -> find(guard.get("repositoryId").s()));
    }

    @Override
    public void create(WatchedRepository repo, AuditEntry entry) {
        Map<String, AttributeValue> guard = new HashMap<>(nameKey(repo.fullName()));
        guard.put("repositoryId", Attrs.s(repo.id()));
        table.transact(List.of(table.putNew(toItem(repo)), table.putNew(guard), table.audit(entry)),
                (index, current) -> BerthException.conflict("already_watched", repo.fullName() + " is already watched",
                        Map.of("fields", Map.of("fullName", "is already watched"))));
    }

    @Override
    public void update(WatchedRepository before, WatchedRepository after, AuditEntry entry) {
        table.transact(List.of(table.putAtVersion(toItem(after), before.version()), table.audit(entry)),
                (index, current) -> DynamoTable.staleOrGone("Watched repository", before.id(), current));
    }

    @Override
    public void delete(WatchedRepository repo, AuditEntry entry) {
        table.transact(List.of(table.deleteAtVersion(key(repo.id()), repo.version()), table.delete(nameKey(repo.fullName())),
                        table.audit(entry)),
                (index, current) -> DynamoTable.staleOrGone("Watched repository", repo.id(), current));
    }

    @Override
    public Page<WatchedRepository> list(int limit, String cursor) {
        return table.page(QueryRequest.builder().indexName(Keys.GSI1).keyConditionExpression("GSI1PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", Attrs.s(LIST))).limit(limit),
                "watched", cursor, DynamoWatchedRepositories::fromItem);
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(Keys.PK, Attrs.s("WATCHED#" + id), Keys.SK, Attrs.s(SK));
    }

    private static Map<String, AttributeValue> nameKey(String fullName) {
        return Map.of(Keys.PK, Attrs.s("REPONAME#" + fullName.toLowerCase(Locale.ROOT)), Keys.SK, Attrs.s("GUARD"));
    }

    private static Map<String, AttributeValue> toItem(WatchedRepository r) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.id()));
        item.put(Keys.GSI1PK, Attrs.s(LIST));
        item.put(Keys.GSI1SK, Attrs.s(r.fullName().toLowerCase(Locale.ROOT) + "#" + r.id()));
        item.put("type", Attrs.s("watchedRepository"));
        item.put("id", Attrs.s(r.id()));
        item.put("fullName", Attrs.s(r.fullName()));
        item.put("baseDomain", Attrs.s(r.baseDomain()));
        Attrs.putS(item, "defaultSettings", r.defaultSettings());
        item.put("allowedSettingsKeys", Attrs.list(r.allowedSettingsKeys()));
        Attrs.putS(item, "openedxRelease", r.openedxRelease());
        Attrs.putS(item, "tutorVersion", r.tutorVersion());
        Attrs.putS(item, "githubOrganization", r.githubOrganization());
        Attrs.putS(item, "githubTeam", r.githubTeam());
        item.put("allowedAuthorAssociations", Attrs.list(r.allowedAuthorAssociations().stream().sorted().toList()));
        Attrs.putS(item, "labelGate", r.labelGate());
        item.put("maxConcurrentSandboxes", Attrs.n(r.maxConcurrentSandboxes()));
        item.put("keepDaysAfterClose", Attrs.n(r.keepDaysAfterClose()));
        item.put("enabled", AttributeValue.fromBool(r.enabled()));
        Attrs.putTime(item, "createdAt", r.createdAt());
        Attrs.putTime(item, "updatedAt", r.updatedAt());
        item.put(Keys.VERSION, Attrs.n(r.version()));
        return item;
    }

    private static WatchedRepository fromItem(Map<String, AttributeValue> item) {
        return new WatchedRepository(Attrs.str(item, "id"), Attrs.str(item, "fullName"), Attrs.str(item, "baseDomain"),
                Attrs.str(item, "defaultSettings"), Attrs.strings(item, "allowedSettingsKeys"),
                item.containsKey("openedxRelease") ? TutorReleases.fromStored(Attrs.str(item, "openedxRelease")) : null,
                Attrs.str(item, "tutorVersion"), Attrs.str(item, "githubOrganization"),
                Attrs.str(item, "githubTeam"), new HashSet<>(Attrs.strings(item, "allowedAuthorAssociations")), Attrs.str(item, "labelGate"),
                (int) Attrs.num(item, "maxConcurrentSandboxes"), (int) Attrs.num(item, "keepDaysAfterClose"), Attrs.bool(item, "enabled"),
                Attrs.time(item, "createdAt"), Attrs.time(item, "updatedAt"), Attrs.num(item, Keys.VERSION));
    }
}
