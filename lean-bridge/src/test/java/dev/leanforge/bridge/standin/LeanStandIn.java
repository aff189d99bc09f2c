package dev.leanforge.bridge.standin;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;

/**
 * The scripted Lean stand-in: a TEST DOUBLE process that speaks Lean's LSP dialect on stdin/stdout and answers
 * from a rules file. Its verdicts are scripted, never Lean's; it never backs the main job.
 *
 * <pre>java -cp CLASSPATH dev.leanforge.bridge.standin.LeanStandIn --rules RULES.json [--record FILE] [--trace]</pre>
 *
 * <p>Stdout carries protocol only. Exit codes: 0 after shutdown+exit (or end of stdin after shutdown), 1 on exit
 * without shutdown, 2 on bad arguments or rules, {@link #CRASH_EXIT_CODE} when a rule says {@code crash}.
 */
public final class LeanStandIn {

    /** Exit code of a scripted crash, distinct from the JVM's own failure codes (like a worker killed by SIGABRT). */
    public static final int CRASH_EXIT_CODE = 134;
    static final int USAGE_EXIT_CODE = 2;

    private static final String USAGE =
            "usage: java -cp CLASSPATH " + LeanStandIn.class.getName() + " --rules RULES.json [--record FILE] [--trace]";

    private LeanStandIn() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Claim stdout for the protocol before anything can print to it; stray prints go to stderr.
        OutputStream protocol = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out));
        System.setOut(System.err);

        Arguments arguments;
        RulesFile rules;
        try {
            arguments = Arguments.parse(args);
            rules = RulesFile.read(arguments.rules());
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("stand-in: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(USAGE_EXIT_CODE);
            return;
        }

        StandInServer server = new StandInServer(rules, arguments.trace());
        ReceivedLog log = new ReceivedLog(arguments.record(), arguments.trace());
        ExecutorService listener = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "stand-in-listener");
            thread.setDaemon(true);
            return thread;
        });
        Launcher<LeanClient> launcher = new Launcher.Builder<LeanClient>() {
            @Override
            protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler jsonHandler) {
                MessageConsumer outgoing = wrapMessageConsumer(new StreamMessageConsumer(output, jsonHandler));
                RemoteEndpoint endpoint = new StandInEndpoint(outgoing, ServiceEndpoints.toEndpoint(localServices), log,
                        server::isShutDown);
                jsonHandler.setMethodProvider(endpoint);
                endpoint.setJsonHandler(jsonHandler);
                return endpoint;
            }
        }
                .setLocalService(server)
                .setRemoteInterface(LeanClient.class)
                .setInput(new FileInputStream(FileDescriptor.in))
                .setOutput(protocol)
                .setExecutorService(listener)
                .create();
        server.connect(launcher.getRemoteProxy());
        try {
            launcher.startListening().get();
        } catch (ExecutionException e) {
            System.err.println("stand-in: connection failed: " + e.getCause());
        }
        // End of stdin counts as exit (spec §1.3).
        System.exit(server.isShutDown() ? 0 : 1);
    }

    /** Parsed command line. */
    record Arguments(Path rules, Path record, boolean trace) {

        static Arguments parse(String[] args) {
            Path rules = null;
            Path record = null;
            boolean trace = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rules" -> rules = Path.of(value(args, ++i, "--rules"));
                    case "--record" -> record = Path.of(value(args, ++i, "--record"));
                    case "--trace" -> trace = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (rules == null) {
                throw new IllegalArgumentException("--rules RULES.json is required");
            }
            if (!Files.isReadable(rules)) {
                throw new IllegalArgumentException("rules file " + rules + " does not exist or is not readable");
            }
            return new Arguments(rules, record, trace);
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }
    }
}
