package dev.leanforge.loop.ledger;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.source.LeanLexer;
import dev.leanforge.bridge.source.LexError;
import dev.leanforge.bridge.source.SourceText;
import dev.leanforge.bridge.source.Token;
import dev.leanforge.loop.ledger.Admission.Refused;
import dev.leanforge.loop.ledger.Admission.Source;
import dev.leanforge.loop.proof.StatementHash;
import dev.leanforge.loop.theorems.InvalidInputException;
import dev.leanforge.loop.theorems.ManifestCodec;
import dev.leanforge.loop.theorems.SetNames;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import dev.leanforge.loop.theorems.extract.Declaration;
import dev.leanforge.loop.theorems.extract.Extraction;
import dev.leanforge.loop.theorems.extract.StatementExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which ledger entries {@code ledger verify} may hand to Lean. A ledger is someone else's claim, so nothing
 * in an entry is taken on its word that can be derived or compared instead:
 * <ul>
 *   <li>the name {@code #print axioms} is asked about is the one the statement declares (found with the theorem
 *       sets' own {@link StatementExtractor}); a {@code theorem} field that differs, or is not one Lean identifier,
 *       refuses the entry, so the check cannot be pointed at a harmless constant or extended with a command;</li>
 *   <li>the statement is exactly one {@code theorem}/{@code lemma} signature ending with its {@code :=};</li>
 *   <li>{@code statementHash} is recomputed;</li>
 *   <li>for a set this checkout has ({@code theoremsDir/<set>/}), header and statement must be the set's own for
 *       that theorem, so a ledger cannot bring, say, {@code axiom cheat : False} in its header.</li>
 * </ul>
 * The proof is not examined here: the fresh-process checker runs the source policy on it like on any candidate.
 *
 * <p>Reads each set at most once; not thread-safe.
 */
public final class LedgerGate {

    private final Path theoremsDir;
    private final Map<String, SetLookup> sets = new HashMap<>();

    /** @param theoremsDir the folder of this checkout's sets; it need not exist (then every set is unknown) */
    public LedgerGate(Path theoremsDir) {
        this.theoremsDir = theoremsDir;
    }

    public Admission admit(LedgerEntry entry) {
        if (SetNames.problem(entry.set()).isPresent()) {
            return new Refused("set " + quoted(entry.set()) + " is not a set name (letters, digits, '.', '_', '-')");
        }
        if (!isIdentifier(entry.theorem())) {
            return new Refused("theorem " + quoted(entry.theorem()) + " is not a Lean identifier");
        }
        String hash = StatementHash.of(entry.statement());
        if (!hash.equals(entry.statementHash())) {
            return new Refused("statementHash " + quoted(entry.statementHash()) + " is not the SHA-256 of its "
                    + "statement (" + hash + "): the statement changed after the proof was recorded");
        }
        SetLookup set = lookUp(entry.set());
        if (set instanceof Broken broken) {
            return new Refused(broken.problem());
        }
        Source source = new Source.LedgerClaim(theoremsDir);
        if (set instanceof Known known) {
            Optional<Refused> differs = sameAsSet(entry, known.set());
            if (differs.isPresent()) {
                return differs.get();
            }
            source = new Source.ThisCheckout(known.set().dir());
        }
        Declared declared = declaredName(entry.header(), entry.statement());
        if (declared instanceof Declared.Problem problem) {
            return new Refused(problem.why());
        }
        String name = ((Declared.Name) declared).name();
        if (!name.equals(entry.theorem())) {
            return new Refused("the statement declares " + name + ", but the theorem field says " + entry.theorem()
                    + ": Lean is only ever asked about the declared name");
        }
        return new Admission.Admitted(new CheckTask(entry.header(), name, entry.statement(), entry.proof()), source);
    }

    /** The refusal when header or statement differ from the set's theorem of that name. */
    private static Optional<Refused> sameAsSet(LedgerEntry entry, TheoremSet set) {
        Optional<Theorem> theorem = set.theorems().stream().filter(t -> t.name().equals(entry.theorem())).findFirst();
        if (theorem.isEmpty()) {
            return Optional.of(new Refused("set " + set.name() + " has no theorem " + entry.theorem() + " (in "
                    + set.dir() + ")"));
        }
        String header = theorem.get().header();
        if (!header.equals(entry.header())) {
            return Optional.of(new Refused("header differs from set " + set.name() + "'s (" + set.dir()
                    + ") for " + entry.theorem() + ", from character "
                    + SourceText.commonPrefixLength(header, entry.header())
                    + "; a ledger cannot bring its own header for a set this checkout has"));
        }
        String statement = theorem.get().statement();
        if (!statement.equals(entry.statement())) {
            return Optional.of(new Refused("statement differs from set " + set.name() + "'s (" + set.dir()
                    + ") for " + entry.theorem() + ", from character "
                    + SourceText.commonPrefixLength(statement, entry.statement())));
        }
        return Optional.empty();
    }

    /** What the statement declares, read in the checked layout so the header's namespaces qualify the name. */
    private static Declared declaredName(String header, String statement) {
        // The layout of CheckTask/CheckedDocument: header, a blank line, then the statement.
        String document = header + "\n\n" + statement;
        int statementStart = header.length() + 2;
        Extraction extraction = StatementExtractor.extract(document);
        Optional<LexError> unclosed = extraction.errors().stream().findFirst();
        if (unclosed.isPresent()) {
            return new Declared.Problem((unclosed.get().offset() < statementStart ? "the header: " : "the statement: ")
                    + unclosed.get().message());
        }
        List<Declaration> declared = extraction.declarations().stream()
                .filter(d -> d.start() >= statementStart)
                .toList();
        if (declared.isEmpty()) {
            return new Declared.Problem("the statement declares no theorem (it must be `theorem NAME … :=`)");
        }
        if (declared.size() > 1) {
            return new Declared.Problem("the statement declares " + declared.size() + " theorems ("
                    + String.join(", ", declared.stream().map(Declaration::qualifiedName).toList())
                    + "); an entry is one theorem");
        }
        Declaration d = declared.get(0);
        if (extraction.holdsCode(statementStart, d.start())) {
            return new Declared.Problem("the statement has code before the declaration of " + d.qualifiedName()
                    + "; only the header holds other commands");
        }
        if (d.body() == Declaration.Body.NO_ASSIGN || d.statementEnd() != document.length()) {
            return new Declared.Problem("the statement must end with the `:=` of its signature; nothing may follow"
                    + " it (the proof is the proof field)");
        }
        return new Declared.Name(d.qualifiedName());
    }

    /** Outcome of reading the statement's declaration. */
    private sealed interface Declared {
        record Name(String name) implements Declared {}

        record Problem(String why) implements Declared {}
    }

    /**
     * One Lean identifier and nothing else: what follows {@code #print axioms} must not be able to start a command.
     * Whitespace is refused even inside {@code «»}, where Lean would allow it, since no set name needs it.
     */
    static boolean isIdentifier(String name) {
        if (name.isEmpty() || name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return false;
        }
        LeanLexer.Result lexed = LeanLexer.lex(name);
        List<Token> tokens = lexed.tokens();
        return lexed.errors().isEmpty() && tokens.size() == 1 && tokens.get(0).kind() == Token.Kind.IDENT
                && tokens.get(0).text().equals(name);
    }

    private SetLookup lookUp(String set) {
        return sets.computeIfAbsent(set, name -> {
            Path dir = theoremsDir.resolve(name);
            if (!Files.isRegularFile(dir.resolve(ManifestCodec.FILE_NAME))) {
                return new Absent();
            }
            try {
                return new Known(SetReader.read(dir));
            } catch (InvalidInputException e) {
                // Treating it as unknown would let the ledger's own header through for a set this checkout has.
                return new Broken("this checkout's set " + dir + " is invalid, so the entry cannot be compared with"
                        + " it (" + e.errors().size() + " problem(s), first: " + e.errors().get(0)
                        + "); see `leanforge theorems validate`");
            }
        });
    }

    /** Whether this checkout has the set an entry names. */
    private sealed interface SetLookup {}

    private record Known(TheoremSet set) implements SetLookup {}

    private record Absent() implements SetLookup {}

    private record Broken(String problem) implements SetLookup {}

    /** {@code text} as it is when that is safe to print on one line, else {@link #quoted}. */
    public static String printable(String text) {
        boolean plain = !text.isEmpty() && text.codePoints().noneMatch(c -> c == '"' || c == '\\'
                || Character.isWhitespace(c) || Character.isISOControl(c));
        return plain ? text : quoted(text);
    }

    /** Hostile text in a message: quoted, with line breaks and other control characters escaped. */
    public static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
