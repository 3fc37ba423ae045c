package dev.berth.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A part of {@link ApiRoot} that may reach the secret store (SSM), backup storage (S3) or the jobs
 * function (Lambda). Only functions of the full API package call it: the base package
 * ({@code berth-api-lambda.jar}) leaves those SDK clients out to stay small (ArchitectureTest checks).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface UsesStores {
}
