package dev.berth.core.port;

import java.util.List;
import java.util.Optional;

/**
 * Where secret values live (SSM Parameter Store SecureStrings on AWS, 0600 files on a laptop):
 * database passwords, an instance's Open edX keys, the write-only secrets users set. Values
 * never travel back through the API, the logs or the audit; names are paths such as
 * {@code instances/<id>/openedx/OPENEDX_SECRET_KEY}.
 */
public interface SecretStore {

    Optional<String> get(String name);

    /** Creates or replaces a value. */
    void put(String name, String value);

    /** Stores {@code value} unless the name already has one; returns the stored value (concurrent first writers agree). */
    String putIfAbsent(String name, String value);

    /** Deletes a value; deleting one that is gone is fine. */
    void delete(String name);

    /** The names under a prefix (e.g. {@code instances/<id>/user/}), sorted. */
    List<String> names(String prefix);
}
