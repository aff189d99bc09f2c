package dev.leanforge.loop.policy.scripted;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leanforge.loop.policy.Policy.Completion;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a {@link ScriptedPolicy} from a rules file, YAML (or JSON, which is YAML too):
 * <pre>
 * rules:
 *   - match: 'theorem two_add'            # Java regex, found anywhere in the prompt
 *     completions:
 *       - by simp                         # a completion's text; its log-probability is unknown
 *       - text: by decide                 # or with a log-probability
 *         logProb: -0.7
 * default: [sorry]                        # optional: the answer when no rule matches
 * </pre>
 * Unknown keys, bad regexes and rules without completions are refused with the file and line.
 */
public final class ScriptedRules {

    private static final YAMLFactory YAML = new YAMLFactory();

    private ScriptedRules() {}

    /** The policy the rules file describes; its description names the file's absolute path. */
    public static ScriptedPolicy read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ScriptedRulesException(file + ": no such rules file");
        } catch (CharacterCodingException e) {
            throw new ScriptedRulesException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ScriptedRulesException(file + ": cannot read: " + e.getMessage());
        }
        String name = file.toString();
        try (JsonParser parser = YAML.createParser(text)) {
            return new Reading(name, parser).policy(file.toAbsolutePath().normalize().toString());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ScriptedRulesException(name + (at != null ? ":" + at.getLineNr() : "") + ": not valid YAML: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ScriptedRulesException(name + ": cannot read: " + e.getMessage());
        }
    }

    /** A rules file that cannot be used; the message starts with {@code FILE:LINE:}. */
    public static final class ScriptedRulesException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ScriptedRulesException(String message) {
            super(message);
        }
    }

    private static final class Reading {
        private final String file;
        private final JsonParser parser;

        Reading(String file, JsonParser parser) {
            this.file = file;
            this.parser = parser;
        }

        ScriptedPolicy policy(String source) throws IOException {
            expect(parser.nextToken(), JsonToken.START_OBJECT, "the rules file must be a mapping with \"rules\"");
            List<ScriptedPolicy.Rule> rules = null;
            List<Completion> fallback = List.of();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                switch (key) {
                    case "rules" -> rules = rules();
                    case "default" -> fallback = completions("default");
                    default -> throw error("unknown key \"" + key + "\"; a rules file has \"rules\" and \"default\"");
                }
            }
            if (rules == null) {
                throw new ScriptedRulesException(file + ": no \"rules\" list");
            }
            return new ScriptedPolicy(source, rules, fallback);
        }

        private List<ScriptedPolicy.Rule> rules() throws IOException {
            expect(parser.currentToken(), JsonToken.START_ARRAY, "\"rules\" must be a list");
            List<ScriptedPolicy.Rule> rules = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                expect(parser.currentToken(), JsonToken.START_OBJECT,
                        "each rule is a mapping with \"match\" and \"completions\"");
                String where = here();
                Pattern match = null;
                List<Completion> completions = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    switch (key) {
                        case "match" -> match = pattern(scalar("match"));
                        case "completions" -> completions = completions("completions");
                        default -> throw error("unknown key \"" + key + "\" in a rule; a rule has \"match\" and "
                                + "\"completions\"");
                    }
                }
                if (match == null || completions == null || completions.isEmpty()) {
                    throw new ScriptedRulesException(where + ": a rule needs \"match\" and at least one completion");
                }
                rules.add(new ScriptedPolicy.Rule(where, match, completions));
            }
            return rules;
        }

        private List<Completion> completions(String what) throws IOException {
            expect(parser.currentToken(), JsonToken.START_ARRAY, "\"" + what + "\" must be a list");
            List<Completion> completions = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() == JsonToken.START_OBJECT) {
                    completions.add(completionObject());
                } else {
                    completions.add(new Completion(scalar("a completion"), Double.NaN));
                }
            }
            return completions;
        }

        private Completion completionObject() throws IOException {
            String text = null;
            double logProb = Double.NaN;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                switch (key) {
                    case "text" -> text = scalar("text");
                    case "logProb" -> {
                        if (!parser.currentToken().isNumeric()) {
                            throw error("\"logProb\" must be a number");
                        }
                        logProb = parser.getDoubleValue();
                    }
                    default -> throw error("unknown key \"" + key + "\" in a completion; it has \"text\" and "
                            + "\"logProb\"");
                }
            }
            if (text == null) {
                throw error("a completion written as a mapping needs \"text\"");
            }
            return new Completion(text, logProb);
        }

        private String scalar(String what) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == null || !token.isScalarValue() || token == JsonToken.VALUE_NULL) {
                throw error(what + " must be a text");
            }
            return parser.getText();
        }

        private Pattern pattern(String regex) {
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw error("bad regex in \"match\": " + e.getDescription() + " in " + regex);
            }
        }

        private void expect(JsonToken actual, JsonToken wanted, String message) {
            if (actual != wanted) {
                throw error(message);
            }
        }

        private String here() {
            return file + ":" + parser.currentTokenLocation().getLineNr();
        }

        private ScriptedRulesException error(String message) {
            return new ScriptedRulesException(here() + ": " + message);
        }
    }
}
