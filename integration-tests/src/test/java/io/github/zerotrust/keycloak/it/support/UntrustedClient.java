package io.github.zerotrust.keycloak.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request from 127.0.0.2: a loopback address Keycloak does not trust as a proxy, standing
 * for a client on the internet that forges X-Forwarded-For.
 */
public final class UntrustedClient {

    public static final String SOURCE = "127.0.0.2";

    private UntrustedClient() {
    }

    /** Returns the status code and body of a form POST. */
    public static String[] postForm(int port, String path, String form, String forwardedFor) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(SOURCE), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5000);
            socket.setSoTimeout(30000);
            byte[] body = form.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\n"
                    + "X-Forwarded-For: " + forwardedFor + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            String status = text.substring(text.indexOf(' ') + 1, text.indexOf(' ') + 4);
            String responseBody = text.substring(text.indexOf("\r\n\r\n") + 4);
            return new String[] {status, responseBody};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
