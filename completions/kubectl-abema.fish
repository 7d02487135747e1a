# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kubectl_abema_global_optspecs
    string join \n kubeconfig= context= n/namespace= A/all-namespaces o/output= color= q/quiet v/verbose config= h/help V/version
end

function __fish_kubectl_abema_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kubectl_abema_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kubectl_abema_using_subcommand
    set -l cmd (__fish_kubectl_abema_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -f -a "check" -d 'Run every check on a tree of manifests (for CI and pre-commit)'
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -f -a "deprecations" -d 'Find deprecated and removed Kubernetes APIs in manifests'
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -f -a "nodepool" -d 'Put workloads on the right node pool (checklist, patches, lint)'
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -f -a "seal" -d 'Encrypt Secrets so they can live in Git (SOPS format, age keys)'
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -f -a "unseal" -d 'Decrypt sealed Secrets to stdout'
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -f -a "rbac" -d 'Compare RBAC between a GKE and an EKS cluster, per person'
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c kubectl-abema -n "__fish_kubectl_abema_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand check" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand check" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand check" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand check" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand check" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand check" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand check" -l ignore-errors -d 'Exit with the findings\' code even when some inputs could not be read'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand check" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand check" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand check" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand check" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l target-version -d 'Kubernetes version to check against, e.g. v1.33 (repeatable as COMPONENT=VERSION, e.g. cert-manager=v1.5); default: .abema.yaml deprecations.targetVersion, else the newest release the built-in table covers' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l components -d 'Only check these components (comma-separated: k8s, cert-manager)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l exclude -d 'Leave out what a directory walk meets that matches GLOB (gitignore syntax, below each directory: `.k8s`, `legacy/`, `*.gen.yaml`; or the path as printed: `k8s/old/**`); repeatable. Files named on the command line are always read' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l show-upcoming -d 'Also list APIs deprecated only after the target version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l ignore-errors -d 'Exit with the findings\' code even when some inputs could not be read'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l fix -d 'Rewrite the files to the replacement APIs where the conversion is known (comments, key order and other documents are kept); what cannot be converted is listed'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l dry-run -d 'With --fix: print a unified diff instead of writing'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l cluster -d 'Scan the live cluster of --kubeconfig/--context instead of files (all namespaces unless -n), including the latest deployed revision of each Helm release'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l helm-configmaps -d 'With --cluster: also read Helm releases stored in ConfigMaps'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -l metrics -d 'With --cluster: report the deprecated APIs clients still call (apiserver_requested_deprecated_apis)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand deprecations" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -f -a "select" -d 'Answer the checklist for a workload and wire its pool patch into kustomization.yaml'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -f -a "check" -d 'Check that every workload sits on exactly one canonical node pool'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -f -a "list" -d 'List the eight pools: node shapes, allocatable, balloon sizes, and the checklist'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -f -a "patch" -d 'Print the canonical patch of a pool'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -f -a "balloons" -d 'Print the PriorityClasses and balloon Deployments for one cloud'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and not __fish_seen_subcommand_from select check list patch balloons help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l deployment -l name -d 'Name of the workload' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l kind -d 'Kind of the workload' -r -f -a "Deployment\t''
StatefulSet\t''"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l cpu -d 'Question 1: it needs at most 2 GiB of memory per vCPU (cpu pools)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l mem -d 'Question 1: it needs more than 2 GiB of memory per vCPU (mem pools)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l infer -d 'Question 1: answer from the workload\'s effective pod requests'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l reschedulable -d 'Question 2: it tolerates being rescheduled (autoscaled -asg pool)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l fixed -d 'Question 2: it must not be rescheduled by scale-in (fixed pool)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l nat -d 'Question 3: it needs the NAT egress IP that partners allowlist (private-* pools)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l no-nat -d 'Question 3: it does not need a fixed egress IP (public-* pools)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -l dry-run -d 'Print the patch and the kustomization diff; write nothing'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from select" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from check" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from check" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from check" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from check" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from check" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from check" -l ignore-errors -d 'Exit with the findings\' code even when some inputs could not be read'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from check" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from list" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from list" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from list" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from list" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from list" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from patch" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from patch" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from patch" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from patch" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from patch" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from patch" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from patch" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from patch" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from patch" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from patch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from patch" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from balloons" -l cloud -d 'The cloud whose node shapes size the balloons' -r -f -a "gke\t''
eks\t''"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from balloons" -l out-dir -d 'Write one file per manifest and a kustomization.yaml into DIR instead of printing' -r -f -a "(__fish_complete_directories)"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from balloons" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from balloons" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from balloons" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from balloons" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from balloons" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from balloons" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from balloons" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from balloons" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from balloons" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from balloons" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from balloons" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from help" -f -a "select" -d 'Answer the checklist for a workload and wire its pool patch into kustomization.yaml'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check that every workload sits on exactly one canonical node pool'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the eight pools: node shapes, allocatable, balloon sizes, and the checklist'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from help" -f -a "patch" -d 'Print the canonical patch of a pool'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from help" -f -a "balloons" -d 'Print the PriorityClasses and balloon Deployments for one cloud'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand nodepool; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -l namespaces -d 'Seal one copy per namespace (each with its own data key); comma-separated' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -l out -d 'Write the sealed Secret to FILE (a regular file; symlinks and special files are refused)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -l out-dir -d 'Write one file per Secret into DIR, named <namespace>.<name>.yaml' -r -f -a "(__fish_complete_directories)"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -s r -l recipient -d 'Encrypt for this recipient (age1... or an ssh-ed25519/ssh-rsa public key); repeatable' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -l in-place -d 'Replace FILE with its sealed version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -l multi -d 'Write several Secrets as one multi-document file (one data key and MAC, as `sops -e`)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -l no-namespace -d 'Allow a Secret without metadata.namespace: it is bound to no namespace, which is then chosen when it is applied and not authenticated'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -a "create" -d 'Create a sealed Secret from literals and files, like `kubectl create secret generic`'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -a "edit" -d 'Decrypt a sealed Secret into $EDITOR and seal it again'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -a "set" -d 'Set one value of a sealed Secret'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -a "unset" -d 'Remove one value of a sealed Secret'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -a "updatekeys" -d 'Re-wrap the data key for the recipients the configuration names now'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -a "rotate" -d 'Give files a new data key and re-encrypt every value'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -a "status" -d 'Show whether files are sealed, for whom, and whether that matches the configuration'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -a "verify" -d 'Decrypt files and check their MAC and binding without printing anything secret'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -a "keygen" -d 'Create a new age identity'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -a "check" -d 'Fail when a Secret is committed unsealed, mis-sealed or tampered with'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and not __fish_seen_subcommand_from create edit set unset updatekeys rotate status verify keygen check help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -l type -d 'Secret type' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -l from-literal -d 'KEY=VALUE; repeatable' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -l from-file -d '[KEY=]PATH (KEY defaults to the file name); repeatable' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -l from-env-file -d 'A file of KEY=VALUE lines (# comments and blank lines skipped)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -l out -d 'Write the sealed Secret to FILE (a regular file; symlinks and special files are refused)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -l out-dir -d 'Write one file per Secret into DIR, named <namespace>.<name>.yaml' -r -f -a "(__fish_complete_directories)"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -s r -l recipient -d 'Encrypt for this recipient (age1... or an ssh-ed25519/ssh-rsa public key); repeatable' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -l multi -d 'Write several Secrets as one multi-document file (one data key and MAC, as `sops -e`)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -l no-namespace -d 'Allow a Secret without metadata.namespace: it is bound to no namespace, which is then chosen when it is applied and not authenticated'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from edit" -s i -l identity -d 'An age identity file or unencrypted SSH private key; repeatable (default: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, then <config dir>/sops/age/keys.txt)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from edit" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from edit" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from edit" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from edit" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from edit" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from edit" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from edit" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from set" -l from-file -d 'Read the value from PATH' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from set" -s i -l identity -d 'An age identity file or unencrypted SSH private key; repeatable (default: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, then <config dir>/sops/age/keys.txt)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from set" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from set" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from set" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from set" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from set" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from set" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from set" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from unset" -s i -l identity -d 'An age identity file or unencrypted SSH private key; repeatable (default: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, then <config dir>/sops/age/keys.txt)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from unset" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from unset" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from unset" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from unset" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from unset" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from unset" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from unset" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from unset" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from unset" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from unset" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from updatekeys" -s i -l identity -d 'An age identity file or unencrypted SSH private key; repeatable (default: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, then <config dir>/sops/age/keys.txt)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from updatekeys" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from updatekeys" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from updatekeys" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from updatekeys" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from updatekeys" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from updatekeys" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from updatekeys" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from updatekeys" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from updatekeys" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from updatekeys" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from updatekeys" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from rotate" -s i -l identity -d 'An age identity file or unencrypted SSH private key; repeatable (default: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, then <config dir>/sops/age/keys.txt)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from rotate" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from rotate" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from rotate" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from rotate" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from rotate" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from rotate" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from rotate" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from rotate" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from status" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from status" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from status" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from status" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from status" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from status" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from verify" -s i -l identity -d 'An age identity file or unencrypted SSH private key; repeatable (default: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, then <config dir>/sops/age/keys.txt)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from verify" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from verify" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from verify" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from verify" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from verify" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from verify" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from verify" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from keygen" -l out -d 'Write the identity to FILE (mode 0600; an existing file is never overwritten)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from keygen" -l flux-secret -d 'Also print a Secret named NAME for Flux (namespace from -n, default flux-system)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from keygen" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from keygen" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from keygen" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from keygen" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from keygen" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from keygen" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from keygen" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from keygen" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from keygen" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from keygen" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from check" -s i -l identity -d 'An age identity file or unencrypted SSH private key; repeatable (default: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, then <config dir>/sops/age/keys.txt)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from check" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from check" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from check" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from check" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from check" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from check" -l ignore-errors -d 'Exit with the findings\' code even when some inputs could not be read'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from check" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a sealed Secret from literals and files, like `kubectl create secret generic`'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Decrypt a sealed Secret into $EDITOR and seal it again'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set one value of a sealed Secret'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Remove one value of a sealed Secret'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from help" -f -a "updatekeys" -d 'Re-wrap the data key for the recipients the configuration names now'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Give files a new data key and re-encrypt every value'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show whether files are sealed, for whom, and whether that matches the configuration'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Decrypt files and check their MAC and binding without printing anything secret'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from help" -f -a "keygen" -d 'Create a new age identity'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from help" -f -a "check" -d 'Fail when a Secret is committed unsealed, mis-sealed or tampered with'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand seal; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -l out -d 'Write the plaintext to FILE (mode 0600) instead of stdout' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -l out-dir -d 'Write each file\'s plaintext to DIR/<its file name> (mode 0600)' -r -f -a "(__fish_complete_directories)"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -l key -d 'With --raw: only this key\'s value, exactly (no newline added)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -s i -l identity -d 'An age identity file or unencrypted SSH private key; repeatable (default: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, then <config dir>/sops/age/keys.txt)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -l raw -d 'Print only the decoded values (data is base64-decoded), one per line'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand unseal" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -f -a "parity" -d 'Report drift in effective permissions between GKE and EKS, per persona'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -f -a "roles" -d 'Generate the standard roles and the personas\' bindings for one side'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -f -a "lint" -d 'Check roles and bindings against the platform\'s rules'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and not __fish_seen_subcommand_from parity roles lint help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -l gke -d 'GKE exports: files or directories (RBAC objects, CRDs, gcloud IAM policy and cluster JSON, discovery exports)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -l eks -d 'EKS exports: files or directories (RBAC objects, CRDs, aws-auth, aws eks JSON, discovery exports)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -l gke-context -d 'Read GKE\'s RBAC objects, CRDs and served resources from this kubeconfig context (IAM still comes from --gke files)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -l eks-context -d 'Read EKS\'s RBAC objects, CRDs, aws-auth and served resources from this kubeconfig context (access entries still come from --eks files)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -l personas -d 'The personas file (default: .abema.yaml rbac.personas)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -l lenient -d 'Read input Kubernetes or the cloud would reject (an unknown kind in an RBAC file, a binding without roleRef, a subject without kind, wrong JSON types, an unknown authenticationMode) with a warning instead of failing (exit 1)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from parity" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -l for -d 'The side to generate for' -r -f -a "gke\t''
eks\t''"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -l personas -d 'The personas file (default: .abema.yaml rbac.personas)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -l crds -d 'CRDs to include in the enumeration (files or directories)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from roles" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from lint" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from lint" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from lint" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from lint" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from lint" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from lint" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from lint" -l ignore-errors -d 'Exit with the findings\' code even when some inputs could not be read'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from lint" -l lenient -d 'Read input Kubernetes or the cloud would reject (an unknown kind in an RBAC file, a binding without roleRef, a subject without kind, wrong JSON types, an unknown authenticationMode) with a warning instead of failing (exit 1)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from lint" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from lint" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from lint" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from lint" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from help" -f -a "parity" -d 'Report drift in effective permissions between GKE and EKS, per persona'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from help" -f -a "roles" -d 'Generate the standard roles and the personas\' bindings for one side'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Check roles and bindings against the platform\'s rules'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand rbac; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand completion" -l context -d 'The kubeconfig context to use (default: the current context)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand completion" -s n -l namespace -d 'The namespace to use (default: the context\'s namespace)' -r
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand completion" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people (the default)'
wide\t'The table with more columns'
json\t'A versioned JSON document (see the README for each schema)'
yaml\t'The JSON document as YAML'
markdown\t'A GitHub-flavoured Markdown table (for pull-request comments)'
csv\t'Comma-separated values with a header row'
junit\t'JUnit XML, one test case per object (check and deprecations)'
sarif\t'SARIF 2.1.0 for code-scanning UIs (check and deprecations)'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand completion" -l color -d 'When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)' -r -f -a "auto\t'Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand completion" -l config -d 'Use this configuration file instead of the nearest .abema.yaml' -r -F
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand completion" -s A -l all-namespaces -d 'Look in every namespace (live-cluster modes)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand completion" -s q -l quiet -d 'Print only data and errors (no status lines or warnings)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand completion" -s v -l verbose -d 'Print more detail on stderr (can be repeated)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand completion" -s V -l version -d 'Print version'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and not __fish_seen_subcommand_from check deprecations nodepool seal unseal rbac completion help" -f -a "check" -d 'Run every check on a tree of manifests (for CI and pre-commit)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and not __fish_seen_subcommand_from check deprecations nodepool seal unseal rbac completion help" -f -a "deprecations" -d 'Find deprecated and removed Kubernetes APIs in manifests'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and not __fish_seen_subcommand_from check deprecations nodepool seal unseal rbac completion help" -f -a "nodepool" -d 'Put workloads on the right node pool (checklist, patches, lint)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and not __fish_seen_subcommand_from check deprecations nodepool seal unseal rbac completion help" -f -a "seal" -d 'Encrypt Secrets so they can live in Git (SOPS format, age keys)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and not __fish_seen_subcommand_from check deprecations nodepool seal unseal rbac completion help" -f -a "unseal" -d 'Decrypt sealed Secrets to stdout'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and not __fish_seen_subcommand_from check deprecations nodepool seal unseal rbac completion help" -f -a "rbac" -d 'Compare RBAC between a GKE and an EKS cluster, per person'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and not __fish_seen_subcommand_from check deprecations nodepool seal unseal rbac completion help" -f -a "completion" -d 'Print a shell completion script'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and not __fish_seen_subcommand_from check deprecations nodepool seal unseal rbac completion help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from nodepool" -f -a "select" -d 'Answer the checklist for a workload and wire its pool patch into kustomization.yaml'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from nodepool" -f -a "check" -d 'Check that every workload sits on exactly one canonical node pool'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from nodepool" -f -a "list" -d 'List the eight pools: node shapes, allocatable, balloon sizes, and the checklist'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from nodepool" -f -a "patch" -d 'Print the canonical patch of a pool'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from nodepool" -f -a "balloons" -d 'Print the PriorityClasses and balloon Deployments for one cloud'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from seal" -f -a "create" -d 'Create a sealed Secret from literals and files, like `kubectl create secret generic`'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from seal" -f -a "edit" -d 'Decrypt a sealed Secret into $EDITOR and seal it again'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from seal" -f -a "set" -d 'Set one value of a sealed Secret'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from seal" -f -a "unset" -d 'Remove one value of a sealed Secret'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from seal" -f -a "updatekeys" -d 'Re-wrap the data key for the recipients the configuration names now'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from seal" -f -a "rotate" -d 'Give files a new data key and re-encrypt every value'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from seal" -f -a "status" -d 'Show whether files are sealed, for whom, and whether that matches the configuration'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from seal" -f -a "verify" -d 'Decrypt files and check their MAC and binding without printing anything secret'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from seal" -f -a "keygen" -d 'Create a new age identity'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from seal" -f -a "check" -d 'Fail when a Secret is committed unsealed, mis-sealed or tampered with'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from rbac" -f -a "parity" -d 'Report drift in effective permissions between GKE and EKS, per persona'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from rbac" -f -a "roles" -d 'Generate the standard roles and the personas\' bindings for one side'
complete -c kubectl-abema -n "__fish_kubectl_abema_using_subcommand help; and __fish_seen_subcommand_from rbac" -f -a "lint" -d 'Check roles and bindings against the platform\'s rules'
