package dev.leanforge.loop.theorems.extract;

import dev.leanforge.bridge.source.LeanLexer;
import dev.leanforge.bridge.source.SourceText;
import dev.leanforge.bridge.source.Token;
import dev.leanforge.bridge.source.Token.Kind;
import dev.leanforge.loop.theorems.extract.Declaration.Body;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the {@code theorem} and {@code lemma} declarations of a Lean 4 source and, for each, where its statement
 * ends ({@code :=}) and whether its proof is just {@code sorry}.
 *
 * <p>This is not a Lean parser; it relies on three facts of Lean's syntax. Brackets balance, so a {@code :=} inside
 * {@code ( ) [ ] { } ⟨ ⟩ …} (default arguments, structure instances) never ends a signature; a {@code :=} after a
 * {@code let}/{@code have} at the same depth belongs to that binder. And commands start at the beginning of a line,
 * no further right than the declaration before them, so a body ends where the next command starts ({@code theorem}
 * is reserved and always starts one).
 */
public final class StatementExtractor {

    private static final Set<String> MODIFIERS =
            Set.of("private", "protected", "noncomputable", "unsafe", "partial", "nonrec");

    /** Words that start a command when they come first on a line. */
    private static final Set<String> COMMAND_KEYWORDS = Set.of(
            "theorem", "lemma", "def", "example", "instance", "abbrev", "structure", "class", "inductive",
            "coinductive", "axiom", "opaque", "namespace", "section", "end", "open", "export", "variable", "universe",
            "set_option", "attribute", "import", "mutual", "macro", "macro_rules", "syntax", "elab", "elab_rules",
            "notation", "infix", "infixl", "infixr", "prefix", "postfix", "scoped", "local", "deriving",
            "initialize", "builtin_initialize", "omit", "include", "add_decl_doc", "declare_syntax_cat",
            "register_simp_attr", "alias", "run_cmd", "private", "protected", "noncomputable", "unsafe", "partial",
            "nonrec");

    /** Term-level binders whose own {@code :=} must not be taken for the end of a signature. */
    private static final Set<String> LOCAL_BINDERS = Set.of("let", "have", "letI", "haveI");

    private final String source;
    private final SourceText text;
    private final List<Token> code = new ArrayList<>();
    private int[] depth;
    private boolean[] firstOnLine;
    private final Deque<String> scopes = new ArrayDeque<>();

    private StatementExtractor(String source) {
        this.source = source;
        this.text = new SourceText(source);
    }

    public static Extraction extract(String source) {
        LeanLexer.Result lexed = LeanLexer.lex(source);
        StatementExtractor extractor = new StatementExtractor(source);
        for (Token token : lexed.tokens()) {
            if (!token.isComment()) {
                extractor.code.add(token);
            }
        }
        extractor.layout();
        return new Extraction(source, lexed.tokens(), extractor.declarations(), lexed.errors());
    }

    /** Computes, for each code token, its bracket depth and whether it comes first on its line. */
    private void layout() {
        int n = code.size();
        depth = new int[n];
        firstOnLine = new boolean[n];
        int d = 0;
        int previousLine = 0;
        for (int k = 0; k < n; k++) {
            Token t = code.get(k);
            int line = text.line(t.start());
            firstOnLine[k] = line != previousLine;
            previousLine = text.line(Math.max(t.start(), t.end() - 1));
            // A command at the left margin starts afresh, so one unbalanced bracket cannot hide the rest.
            if (t.is("theorem") || (firstOnLine[k] && column(k) == 0 && startsCommand(t))) {
                d = 0;
            }
            depth[k] = d;
            if (t.kind() == Kind.OPEN || t.kind() == Kind.ATTRIBUTE_OPEN) {
                d++;
            } else if (t.kind() == Kind.CLOSE) {
                d = Math.max(0, d - 1);
            }
        }
    }

    private List<Declaration> declarations() {
        List<Declaration> found = new ArrayList<>();
        int k = 0;
        while (k < code.size()) {
            if (depth[k] == 0 && trackScope(k)) {
                k++;
            } else if (depth[k] == 0 && isDeclarationKeyword(k)) {
                int[] next = new int[1];
                found.add(declaration(k, next));
                k = next[0];
            } else {
                k++;
            }
        }
        return found;
    }

    /** Updates the namespace stack for {@code namespace}, {@code section}, {@code mutual} and {@code end}. */
    private boolean trackScope(int k) {
        Token t = code.get(k);
        Optional<String> argument = sameLineIdentifier(k + 1);
        if (t.is("namespace") && argument.isPresent()) {
            for (String part : splitName(argument.get())) {
                scopes.push(part);
            }
            return true;
        }
        if (t.is("section") || t.is("mutual")) {
            int parts = t.is("section") ? argument.map(a -> splitName(a).size()).orElse(1) : 1;
            for (int i = 0; i < parts; i++) {
                scopes.push("");
            }
            return true;
        }
        if (t.is("end")) {
            int parts = argument.map(a -> splitName(a).size()).orElse(1);
            for (int i = 0; i < parts && !scopes.isEmpty(); i++) {
                scopes.pop();
            }
            return true;
        }
        return false;
    }

    private Optional<String> sameLineIdentifier(int k) {
        if (k >= code.size() || code.get(k).kind() != Kind.IDENT || firstOnLine[k]
                || COMMAND_KEYWORDS.contains(code.get(k).text())) {
            return Optional.empty();
        }
        return Optional.of(code.get(k).text());
    }

    private boolean isDeclarationKeyword(int k) {
        Token t = code.get(k);
        if (k + 1 >= code.size() || code.get(k + 1).kind() != Kind.IDENT) {
            return false;
        }
        if (t.is("theorem")) {
            return true;
        }
        // `lemma` is Mathlib's command, not a reserved word: require it to stand where a command can.
        return t.is("lemma") && (firstOnLine[k] || modifierStart(k) < k);
    }

    private Declaration declaration(int k, int[] next) {
        Token keyword = code.get(k);
        Token name = code.get(k + 1);
        int first = modifierStart(k);
        int margin = column(first);
        Optional<String> docstring = docstring(first, k);
        String qualified = qualify(name.text());

        int pendingBinders = 0;
        int j = k + 2;
        for (; j < code.size() && !endsDeclaration(j, margin); j++) {
            Token t = code.get(j);
            if (depth[j] != depth[k]) {
                continue;
            }
            if (t.kind() == Kind.IDENT && LOCAL_BINDERS.contains(t.text())) {
                pendingBinders++;
            } else if (t.kind() == Kind.ASSIGN) {
                if (pendingBinders == 0) {
                    break;
                }
                pendingBinders--;
            }
        }
        int startOffset = code.get(first).start();
        if (j >= code.size() || code.get(j).kind() != Kind.ASSIGN) {
            next[0] = j;
            return new Declaration(keyword.text(), name.text(), qualified, startOffset, name.start(), -1,
                    code.get(j - 1).end(), Body.NO_ASSIGN, docstring);
        }
        Token assign = code.get(j);
        int bodyStart = j + 1;
        int b = bodyStart;
        while (b < code.size() && !endsDeclaration(b, margin)) {
            b++;
        }
        next[0] = b;
        List<Token> body = code.subList(bodyStart, b);
        boolean sorry = (body.size() == 1 && body.get(0).is("sorry"))
                || (body.size() == 2 && body.get(0).is("by") && body.get(1).is("sorry"));
        int end = body.isEmpty() ? assign.end() : body.get(body.size() - 1).end();
        return new Declaration(keyword.text(), name.text(), qualified, startOffset, name.start(), assign.end(), end,
                sorry ? Body.SORRY : Body.PROOF, docstring);
    }

    /** Whether code token {@code k} starts the next command after a declaration whose first token is at {@code margin}. */
    private boolean endsDeclaration(int k, int margin) {
        Token t = code.get(k);
        if (t.is("theorem")) {
            return true;
        }
        return depth[k] == 0 && firstOnLine[k] && column(k) <= margin && startsCommand(t);
    }

    private static boolean startsCommand(Token t) {
        return switch (t.kind()) {
            case HASH_COMMAND, DOC_COMMENT, ATTRIBUTE_OPEN -> true;
            case IDENT -> COMMAND_KEYWORDS.contains(t.text());
            default -> false;
        };
    }

    /**
     * Index of the first token of the modifiers before the keyword at {@code k}: docstring, {@code @[…]},
     * {@code private} and friends, and {@code open … in} / {@code set_option … in}, in any order.
     */
    private int modifierStart(int k) {
        int first = k;
        int j = k - 1;
        while (j >= 0) {
            Token t = code.get(j);
            if (t.kind() == Kind.DOC_COMMENT || (t.kind() == Kind.IDENT && MODIFIERS.contains(t.text()))) {
                first = j--;
            } else if (t.kind() == Kind.CLOSE && t.text().equals("]")) {
                int opener = matchingOpener(j);
                if (opener < 0 || code.get(opener).kind() != Kind.ATTRIBUTE_OPEN) {
                    break;
                }
                first = opener;
                j = opener - 1;
            } else if (t.is("in")) {
                int command = scopedCommandBefore(j);
                if (command < 0) {
                    break;
                }
                first = command;
                j = command - 1;
            } else {
                break;
            }
        }
        return first;
    }

    private int matchingOpener(int close) {
        int d = 0;
        for (int j = close; j >= 0; j--) {
            Kind kind = code.get(j).kind();
            if (kind == Kind.CLOSE) {
                d++;
            } else if (kind == Kind.OPEN || kind == Kind.ATTRIBUTE_OPEN) {
                d--;
                if (d == 0) {
                    return j;
                }
            }
        }
        return -1;
    }

    /** For the {@code in} at {@code in}: the index of its {@code open} or {@code set_option}, else -1. */
    private int scopedCommandBefore(int in) {
        for (int j = in - 1; j >= 0 && in - j <= 64; j--) {
            Token t = code.get(j);
            if (t.is("open") || t.is("set_option")) {
                return j;
            }
            boolean simple = switch (t.kind()) {
                case IDENT -> !COMMAND_KEYWORDS.contains(t.text()) && !t.is("in") && !t.is("sorry");
                case NUMBER, STRING -> true;
                case OPEN, CLOSE -> t.text().equals("(") || t.text().equals(")");
                case SYMBOL -> t.text().equals("→") || t.text().equals(",") || t.text().equals("-");
                default -> false;
            };
            if (!simple) {
                return -1;
            }
        }
        return -1;
    }

    private Optional<String> docstring(int from, int to) {
        for (int j = from; j < to; j++) {
            Token t = code.get(j);
            if (t.kind() == Kind.DOC_COMMENT) {
                String body = t.text();
                int close = body.endsWith("-/") ? body.length() - 2 : body.length();
                return Optional.of(body.substring(3, Math.max(3, close)).strip());
            }
        }
        return Optional.empty();
    }

    private String qualify(String name) {
        if (name.startsWith("_root_.")) {
            return name.substring("_root_.".length());
        }
        StringBuilder prefix = new StringBuilder();
        List<String> outerFirst = new ArrayList<>(scopes);
        for (int i = outerFirst.size() - 1; i >= 0; i--) {
            if (!outerFirst.get(i).isEmpty()) {
                prefix.append(outerFirst.get(i)).append('.');
            }
        }
        return prefix + name;
    }

    /** Splits a dotted name, keeping {@code «a.b»} whole. */
    static List<String> splitName(String name) {
        List<String> parts = new ArrayList<>();
        int partStart = 0;
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '«') {
                quoted = true;
            } else if (c == '»') {
                quoted = false;
            } else if (c == '.' && !quoted) {
                parts.add(name.substring(partStart, i));
                partStart = i + 1;
            }
        }
        parts.add(name.substring(partStart));
        return parts;
    }

    /** 0-based column of code token {@code k}, in chars; only compared with other columns. */
    private int column(int k) {
        int offset = code.get(k).start();
        return offset - text.lineStart(text.line(offset));
    }
}
