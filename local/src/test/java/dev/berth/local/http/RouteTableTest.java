package dev.berth.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.local.template.Template;
import dev.berth.local.template.TemplateException;
import dev.berth.local.testing.Repo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final RouteTable table = new RouteTable(List.of(
            new Route("GET", "/pets/dog/1", "Exact"),
            new Route("GET", "/pets/dog/{id}", "Variable"),
            new Route("GET", "/pets/{proxy+}", "PetsGreedy"),
            new Route("ANY", "/{proxy+}", "RootGreedy"),
            new Route("ANY", "/things/{id}", "AnyThing"),
            new Route("DELETE", "/things/{id}", "DeleteThing"),
            new Route("GET", "/things/{id}/parts/{part}", "Part")));

    private String target(String method, String path) {
        return table.match(method, path).map(m -> m.route().functionName()).orElse("none");
    }

    @Test
    void theMostSpecificRouteWins() {
        // The examples of the HTTP API routing documentation.
        assertEquals("Exact", target("GET", "/pets/dog/1"));
        assertEquals("Variable", target("GET", "/pets/dog/2"));
        assertEquals("PetsGreedy", target("GET", "/pets/cat/1"));
        assertEquals("RootGreedy", target("POST", "/pets/dog/1"));
        assertEquals("RootGreedy", target("GET", "/anything/else"));
    }

    @Test
    void anExactMethodBeatsAny() {
        assertEquals("DeleteThing", target("DELETE", "/things/7"));
        assertEquals("AnyThing", target("PATCH", "/things/7"));
    }

    @Test
    void pathParametersAreDecodedAndGreedyOnesKeepTheirSlashes() {
        RouteMatch part = table.match("GET", "/things/a%20b/parts/x%2By").orElseThrow();
        assertEquals(Map.of("id", "a b", "part", "x+y"), part.pathParameters());
        assertEquals("GET /things/{id}/parts/{part}", part.route().routeKey());
        assertEquals(Map.of("proxy", "cat/1/toys"), table.match("GET", "/pets/cat/1/toys").orElseThrow().pathParameters());
    }

    @Test
    void anotherMethodOrAnotherShapeIsNotFound() {
        RouteTable api = new RouteTable(List.of(new Route("GET", "/api/v1/health", "Health"),
                new Route("GET", "/api/v1/instances/{id}", "Instances")));
        // HTTP APIs answer 404, not 405, when only the method differs.
        assertTrue(api.match("POST", "/api/v1/health").isEmpty());
        assertTrue(api.match("GET", "/api/v1/health/").isEmpty());
        assertTrue(api.match("GET", "/api/v1/instances/").isEmpty());
        assertTrue(api.match("GET", "/api/v1/instances/x/y").isEmpty());
        assertTrue(api.match("GET", "/").isEmpty());
        // A greedy variable needs at least one segment.
        assertEquals("none", new RouteTable(List.of(new Route("GET", "/files/{proxy+}", "F"))).match("GET", "/files")
                .map(m -> m.route().functionName()).orElse("none"));
    }

    @Test
    void theDefaultRouteCatchesTheRest() {
        RouteTable api = new RouteTable(List.of(new Route("GET", "/a", "A"), new Route("ANY", null, "Fallback")));
        assertEquals("A", api.match("GET", "/a").orElseThrow().route().functionName());
        RouteMatch rest = api.match("POST", "/a").orElseThrow();
        assertEquals("Fallback", rest.route().functionName());
        assertEquals("$default", rest.route().routeKey());
    }

    @Test
    void aRouteDeclaredTwiceIsRefused() {
        TemplateException e = assertThrows(TemplateException.class, () -> new RouteTable(List.of(
                new Route("GET", "/a", "One"), new Route("GET", "/a", "Two"))));
        assertTrue(e.getMessage().contains("GET /a"), e.getMessage());
    }

    @Test
    void everyRouteOfTheRealTemplateMatchesItsOwnSampleEventPath() {
        RouteTable real = RouteTable.fromTemplate(Template.load(Repo.template()));
        assertEquals("HealthFunction", real.match("GET", "/api/v1/health").orElseThrow().route().functionName());
        RouteMatch instance = real.match("GET", "/api/v1/instances/in-01jdemo").orElseThrow();
        assertEquals("GET /api/v1/instances/{id}", instance.route().routeKey());
        assertEquals(Map.of("id", "in-01jdemo"), instance.pathParameters());
        for (Route r : real.routes()) {
            String concrete = r.path().replaceAll("\\{[^}]+}", "x1");
            assertEquals(r.routeKey(), real.match(r.method(), concrete).orElseThrow().route().routeKey(), concrete);
        }
    }
}
