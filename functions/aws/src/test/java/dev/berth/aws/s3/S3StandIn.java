package dev.berth.aws.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for one S3 bucket, path-style, answering the REST API as its reference describes:
 * PutObject (plain or {@code aws-chunked} with a trailing checksum, as the SDK streams), GetObject and
 * its NoSuchKey error, ListObjectsV2 (1,000 keys a page, continuation tokens) and DeleteObjects (at
 * most 1,000 keys a request, else MalformedXML).
 */
public final class S3StandIn implements AutoCloseable {
    private static final int PAGE = 1_000;
    private static final Pattern KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);
    private final NavigableMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private final String bucket;
    private final HttpServer server;

    public S3StandIn(String bucket) {
        this.bucket = bucket;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    /** For {@code BERTH_S3_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String method = exchange.getRequestMethod();
        if (!path.equals("/" + bucket) && !path.startsWith("/" + bucket + "/")) {
            error(exchange, 404, "NoSuchBucket");
            return;
        }
        String key = path.length() > bucket.length() + 2 ? decode(path.substring(bucket.length() + 2)) : "";
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (method.equals("PUT") && !key.isEmpty()) {
            boolean chunked = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Encoding")).contains("aws-chunked")
                    || String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-content-sha256")).startsWith("STREAMING-");
            objects.put(key, chunked ? unchunk(body) : body);
            exchange.getResponseHeaders().add("ETag", "\"" + Integer.toHexString(java.util.Arrays.hashCode(objects.get(key))) + "\"");
            send(exchange, 200, "");
        } else if (method.equals("GET") && !key.isEmpty()) {
            byte[] object = objects.get(key);
            if (object == null) {
                error(exchange, 404, "NoSuchKey");
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, object.length == 0 ? -1 : object.length);
            exchange.getResponseBody().write(object);
            exchange.close();
        } else if (method.equals("GET") && "2".equals(query.get("list-type"))) {
            list(exchange, query.getOrDefault("prefix", ""), query.get("continuation-token"));
        } else if (method.equals("POST") && query.containsKey("delete")) {
            Matcher keys = KEY.matcher(new String(body, StandardCharsets.UTF_8));
            List<String> deleted = new ArrayList<>();
            while (keys.find()) {
                deleted.add(unescape(keys.group(1)));
            }
            if (deleted.isEmpty() || deleted.size() > PAGE) {
                error(exchange, 400, "MalformedXML");
                return;
            }
            deleted.forEach(objects::remove);
            send(exchange, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></DeleteResult>");
        } else {
            error(exchange, 405, "MethodNotAllowed");
        }
    }

    private void list(HttpExchange exchange, String prefix, String token) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
                .append("<Name>").append(bucket).append("</Name><Prefix>").append(escape(prefix)).append("</Prefix><MaxKeys>").append(PAGE).append("</MaxKeys>");
        int count = 0;
        String last = null;
        for (Map.Entry<String, byte[]> object : (token == null ? objects : objects.tailMap(token, false)).entrySet()) {
            if (!object.getKey().startsWith(prefix)) {
                continue;
            }
            if (count == PAGE) {
                xml.append("<IsTruncated>true</IsTruncated><NextContinuationToken>").append(escape(last)).append("</NextContinuationToken>");
                send(exchange, 200, xml.append("<KeyCount>").append(count).append("</KeyCount></ListBucketResult>").toString());
                return;
            }
            xml.append("<Contents><Key>").append(escape(object.getKey())).append("</Key><Size>").append(object.getValue().length)
                    .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
            last = object.getKey();
            count++;
        }
        send(exchange, 200, xml.append("<IsTruncated>false</IsTruncated><KeyCount>").append(count).append("</KeyCount></ListBucketResult>").toString());
    }

    /** aws-chunked: {@code hex-size[;chunk-signature=...]\r\n bytes \r\n}, ending with a 0-size chunk and trailing headers. */
    private static byte[] unchunk(byte[] body) throws IOException {
        InputStream in = new ByteArrayInputStream(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String header = line(in);
            int size = Integer.parseInt(header.split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static void error(HttpExchange exchange, int status, String code) throws IOException {
        send(exchange, status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + code + "</Message></Error>");
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }
}
