function __cmsched_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __cmsched_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __cmsched_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __cmsched_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __cmsched_parse_tokens -S
    set -l unparsed_tokens (__cmsched_tokens -pc)
    switch $unparsed_tokens[1]
    case 'cmsched'
        __cmsched_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'status'
            __cmsched_parse_subcommand 0 'config=' 'db=' 'format=' 'log-level=' 'quiet' 'version' 'h/help'
        case 'config'
            __cmsched_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'show'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'format=' 'log-level=' 'quiet' 'version' 'h/help'
            case 'set'
                __cmsched_parse_subcommand 2 'config=' 'db=' 'format=' 'log-level=' 'quiet' 'version' 'h/help'
            case 'unset'
                __cmsched_parse_subcommand 1 'config=' 'db=' 'format=' 'log-level=' 'quiet' 'version' 'h/help'
            end
        case 'bridge'
            __cmsched_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'format=' 'log-level=' 'quiet' 'version' 'h/help'
            end
        case 'help'
            __cmsched_parse_subcommand -r 1 'version'
        end
    end
end

function __cmsched_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __cmsched_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __cmsched_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __cmsched_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__cmsched_tokens -p)
    if test -z "$(__cmsched_tokens -t)"
        set -l index (count (__cmsched_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'cmsched' -f
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched" -eq 1' -fa 'status' -d 'Show whether the database, Call Bridge, HTTPS, C2W and email are configured and answering.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched" -eq 1' -fa 'config' -d 'Show and change settings (the equivalent of the MMP scheduler commands).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched" -eq 1' -fa 'bridge' -d 'Web Bridges, as the Call Bridge API lists them.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" format' -l 'format' -d 'Output format: table, json or csv.' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" quiet' -l 'quiet' -d 'Only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched config" -eq 1' -fa 'show' -d 'Show every setting, its value and its source (secret files as <file: PATH>).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched config" -eq 1' -fa 'set' -d 'Set a key in the configuration file (written atomically, mode 0600).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched config" -eq 1' -fa 'unset' -d 'Remove a key from the configuration file (its default applies again).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" format' -l 'format' -d 'Output format: table, json or csv.' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" quiet' -l 'quiet' -d 'Only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config set" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config set" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config set" format' -l 'format' -d 'Output format: table, json or csv.' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config set" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config set" quiet' -l 'quiet' -d 'Only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config set" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config set" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config unset" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config unset" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config unset" format' -l 'format' -d 'Output format: table, json or csv.' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config unset" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config unset" quiet' -l 'quiet' -d 'Only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config unset" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config unset" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched bridge" -eq 1' -fa 'list' -d 'List the Web Bridges (c2w:// for Web Bridge 3, https:// on older systems).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" format' -l 'format' -d 'Output format: table, json or csv.' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" quiet' -l 'quiet' -d 'Only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched help" version' -l 'version' -d 'Show the version.'
