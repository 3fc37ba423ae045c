package dev.berth.local.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the CloudFormation intrinsics the local runtime needs, for the local world: {@code Ref}
 * (parameters, pseudo parameters, tables, functions, state machines, the HTTP API),
 * {@code Fn::Sub}, {@code Fn::GetAtt} ({@code Arn} of functions, tables and state machines) and
 * {@code Fn::Join}. Anything else fails with a message naming where it is in the template.
 */
public final class CloudFormationIntrinsics {
    private final Template template;
    private final Map<String, String> parameterValues;

    /**
     * @param overrides local values of parameters (e.g. {@code BaseDomain=localhost}); they win
     *                  over the template's defaults. Overrides for parameters the template does
     *                  not declare are ignored.
     */
    public CloudFormationIntrinsics(Template template, Map<String, String> overrides) {
        this.template = template;
        Map<String, String> values = new LinkedHashMap<>();
        template.parameters().forEach((name, p) -> {
            if (overrides.containsKey(name)) {
                values.put(name, overrides.get(name));
            } else if (p.defaultValue() != null) {
                values.put(name, p.defaultValue());
            }
        });
        this.parameterValues = Collections.unmodifiableMap(values);
    }

    public Map<String, String> parameterValues() {
        return parameterValues;
    }

    /** The function's environment variables as Lambda would see them, intrinsics resolved. */
    public Map<String, String> environmentOf(FunctionResource function) {
        Map<String, String> out = new LinkedHashMap<>();
        function.environment().forEach((name, raw) -> out.put(name,
                resolve(raw, "Resources." + function.logicalId() + " Environment.Variables." + name)));
        return out;
    }

    /** The state machine's DefinitionSubstitutions, intrinsics resolved (function ARNs are local ARNs). */
    public Map<String, String> definitionSubstitutionsOf(StateMachineResource stateMachine) {
        Map<String, String> out = new LinkedHashMap<>();
        stateMachine.definitionSubstitutions().forEach((name, raw) -> out.put(name,
                resolve(raw, "Resources." + stateMachine.logicalId() + ".Properties.DefinitionSubstitutions." + name)));
        return out;
    }

    /** Resolves a raw template value to a string; {@code where} names it in errors. */
    public String resolve(Object value, String where) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            String function = String.valueOf(m.keySet().iterator().next());
            Object argument = m.values().iterator().next();
            return switch (function) {
                case "Ref" -> ref(scalarArgument(argument, where, "Ref"), where);
                case "Fn::Sub" -> sub(argument, where);
                case "Fn::GetAtt" -> getAtt(argument, where);
                case "Fn::Join" -> join(argument, where);
                default -> throw new TemplateException(where + ": " + function + " is not supported by the local runtime"
                        + " (supported: Ref, Fn::Sub, Fn::GetAtt, Fn::Join)");
            };
        }
        throw new TemplateException(where + ": expected a string or an intrinsic function, found " + TemplateParser.describe(value));
    }

    private String ref(String name, String where) {
        String pseudo = pseudoParameter(name);
        if (pseudo != null) {
            return pseudo;
        }
        if (template.parameters().containsKey(name)) {
            String value = parameterValues.get(name);
            if (value == null) {
                throw new TemplateException(where + ": parameter " + name + " has no Default and no local value");
            }
            return value;
        }
        String type = template.resourceTypes().get(name);
        if (type == null) {
            throw new TemplateException(where + ": Ref to " + name + ", which is neither a parameter nor a resource");
        }
        return switch (type) {
            case "AWS::DynamoDB::Table" -> name;
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> name;
            case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" -> LocalAws.stateMachineArn(name);
            case "AWS::Serverless::HttpApi" -> LocalAws.HTTP_API_ID;
            case "AWS::S3::Bucket" -> name.toLowerCase(java.util.Locale.ROOT); // a folder under the runtime's buckets/
            default -> throw new TemplateException(where + ": Ref to " + name + " (" + type + ") is not supported by the local runtime");
        };
    }

    private static String pseudoParameter(String name) {
        return switch (name) {
            case "AWS::Region" -> LocalAws.REGION;
            case "AWS::AccountId" -> LocalAws.ACCOUNT_ID;
            case "AWS::Partition" -> LocalAws.PARTITION;
            case "AWS::StackName" -> LocalAws.STACK_NAME;
            case "AWS::URLSuffix" -> "amazonaws.com";
            default -> null;
        };
    }

    private String getAtt(Object argument, String where) {
        String resource;
        String attribute;
        if (argument instanceof String text && text.contains(".")) {
            resource = text.substring(0, text.indexOf('.'));
            attribute = text.substring(text.indexOf('.') + 1);
        } else if (argument instanceof List<?> l && l.size() == 2) {
            resource = resolve(l.get(0), where);
            attribute = resolve(l.get(1), where);
        } else {
            throw new TemplateException(where + ": Fn::GetAtt takes [LogicalId, Attribute] or \"LogicalId.Attribute\", found "
                    + TemplateParser.describe(argument));
        }
        return attribute(resource, attribute, where);
    }

    private String attribute(String resource, String attribute, String where) {
        String type = template.resourceTypes().get(resource);
        if (type == null) {
            throw new TemplateException(where + ": Fn::GetAtt of " + resource + ", which is not a resource of the template");
        }
        String value = switch (type + "." + attribute) {
            case "AWS::Serverless::Function.Arn", "AWS::Lambda::Function.Arn" -> LocalAws.functionArn(resource);
            case "AWS::DynamoDB::Table.Arn" -> LocalAws.tableArn(resource);
            case "AWS::Serverless::StateMachine.Arn", "AWS::StepFunctions::StateMachine.Arn" -> LocalAws.stateMachineArn(resource);
            case "AWS::Serverless::StateMachine.Name", "AWS::StepFunctions::StateMachine.Name" -> resource;
            // The console is served by the local runtime itself (LocalCloud sets BERTH_CONSOLE_URL, which wins).
            case "AWS::CloudFront::Distribution.DomainName" -> "localhost";
            default -> null;
        };
        if (value == null) {
            throw new TemplateException(where + ": Fn::GetAtt " + resource + "." + attribute + " (" + type
                    + ") is not supported by the local runtime");
        }
        return value;
    }

    private String sub(Object argument, String where) {
        String text;
        Map<String, Object> variables = Map.of();
        if (argument instanceof String s) {
            text = s;
        } else if (argument instanceof List<?> l && l.size() == 2 && l.get(0) instanceof String s) {
            text = s;
            variables = TemplateParser.map(l.get(1), where + " Fn::Sub variables");
        } else {
            throw new TemplateException(where + ": Fn::Sub takes a string or [string, {variables}], found " + TemplateParser.describe(argument));
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            int end = text.indexOf('}', start);
            if (end < 0) {
                throw new TemplateException(where + ": unterminated ${ in Fn::Sub string: " + text);
            }
            String name = text.substring(start + 2, end).trim();
            if (name.startsWith("!")) {
                // ${!Literal} is written out as ${Literal}.
                out.append("${").append(name.substring(1)).append('}');
            } else if (variables.containsKey(name)) {
                out.append(resolve(variables.get(name), where + " Fn::Sub variable " + name));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                out.append(attribute(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1), where));
            } else {
                out.append(ref(name, where));
            }
            i = end + 1;
        }
        return out.toString();
    }

    private String join(Object argument, String where) {
        if (!(argument instanceof List<?> l) || l.size() != 2 || !(l.get(1) instanceof List<?> parts)) {
            throw new TemplateException(where + ": Fn::Join takes [delimiter, [values]], found " + TemplateParser.describe(argument));
        }
        String delimiter = resolve(l.get(0), where);
        List<String> resolved = new ArrayList<>();
        for (Object part : parts) {
            resolved.add(resolve(part, where));
        }
        return String.join(delimiter, resolved);
    }

    private static String scalarArgument(Object argument, String where, String function) {
        if (argument instanceof String s) {
            return s;
        }
        throw new TemplateException(where + ": " + function + " takes a name, found " + TemplateParser.describe(argument));
    }
}
