package no.helsegateway.server.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the FHIR server at {@code /fhir} ({@code gateway.fhir.*}).
 *
 * @param defaultPageSize search page size when the client gives no {@code _count}
 * @param maxPageSize largest {@code _count} honoured
 * @param serverAddress absolute base URL used in links; empty to derive it from the request
 * @param reuseCachedSearchResults how long an identical search may reuse cached results; zero
 *     disables reuse so that a search always sees the latest writes
 * @param expireSearchResultsAfter how long paging state of a search is kept
 * @param allowMultipleDelete whether conditional delete may remove more than one resource
 * @param prettyPrint pretty-print responses by default
 */
@Validated
@ConfigurationProperties("gateway.fhir")
public record GatewayFhirProperties(
    @DefaultValue("20") @Min(1) @Max(1000) int defaultPageSize,
    @DefaultValue("200") @Min(1) @Max(5000) int maxPageSize,
    @DefaultValue("") String serverAddress,
    @DefaultValue("0s") Duration reuseCachedSearchResults,
    @DefaultValue("1h") Duration expireSearchResultsAfter,
    @DefaultValue("false") boolean allowMultipleDelete,
    @DefaultValue("false") boolean prettyPrint) {}
