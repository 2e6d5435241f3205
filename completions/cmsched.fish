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
        case 'meeting'
            __cmsched_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'create'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'name=' 'organizer=' 'organizer-role=' 'start=' 'end=' 'duration=' 'tz=' 'repeat=' 'interval=' 'count=' 'until=' 'rrule=' 'attendee=+' 'template=' 'space=' 'key=' 'input=' 'dry-run' 'any-template' 'version' 'h/help'
            case 'list'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'from=' 'until=' 'max=' 'organizer=' 'expand' 'version' 'h/help'
            case 'show'
                __cmsched_parse_subcommand 1 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'version' 'h/help'
            case 'update'
                __cmsched_parse_subcommand 1 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'name=' 'organizer=' 'organizer-role=' 'start=' 'end=' 'duration=' 'tz=' 'repeat=' 'interval=' 'count=' 'until=' 'rrule=' 'attendee=+' 'add-attendee=+' 'remove-attendee=+' 'version' 'h/help'
            case 'delete'
                __cmsched_parse_subcommand 1 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'occurrence=' 'version' 'h/help'
            case 'export'
                __cmsched_parse_subcommand -r 1 'config=' 'db=' 'log-level=' 'quiet' 'all' 'out=' 'all-roles' 'version' 'h/help'
            case 'import'
                __cmsched_parse_subcommand 1 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'template=' 'space=' 'role=+' 'organizer=' 'organizer-role=' 'tz=' 'dry-run' 'any-template' 'version' 'h/help'
            end
        case 'template'
            __cmsched_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'user=' 'version' 'h/help'
            case 'show'
                __cmsched_parse_subcommand 1 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'version' 'h/help'
            case 'create'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'name=' 'description=' 'call-profile=' 'call-leg-profile=' 'access-method=+' 'version' 'h/help'
            case 'delete'
                __cmsched_parse_subcommand 1 'config=' 'db=' 'log-level=' 'quiet' 'force' 'version' 'h/help'
            case 'assign'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'log-level=' 'quiet' 'user=' 'template=' 'version' 'h/help'
            case 'unassign'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'log-level=' 'quiet' 'user=' 'template=' 'version' 'h/help'
            end
        case 'cleanup'
            __cmsched_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'run'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'dry-run' 'now=' 'orphans=' 'version' 'h/help'
            end
        case 'notify'
            __cmsched_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'send'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'limit=' 'dry-run' 'retry-now' 'version' 'h/help'
            case 'list'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'state=+' 'meeting=' 'since=' 'version' 'h/help'
            case 'retry'
                __cmsched_parse_subcommand -r 1 'config=' 'db=' 'log-level=' 'quiet' 'dead' 'version' 'h/help'
            end
        case 'bridge'
            __cmsched_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'version' 'h/help'
            end
        case 'profile'
            __cmsched_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'version' 'h/help'
            end
        case 'status'
            __cmsched_parse_subcommand 0 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'offline' 'version' 'h/help'
        case 'config'
            __cmsched_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'show'
                __cmsched_parse_subcommand 0 'config=' 'db=' 'log-level=' 'quiet' 'format=' 'version' 'h/help'
            case 'get'
                __cmsched_parse_subcommand 1 'config=' 'db=' 'log-level=' 'quiet' 'version' 'h/help'
            case 'set'
                __cmsched_parse_subcommand 2 'config=' 'db=' 'log-level=' 'quiet' 'version' 'h/help'
            case 'unset'
                __cmsched_parse_subcommand 1 'config=' 'db=' 'log-level=' 'quiet' 'version' 'h/help'
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
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched" -eq 1' -fa 'meeting' -d 'Schedule meetings on the Call Bridge and manage them.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched" -eq 1' -fa 'template' -d 'Manage coSpaceTemplates (the spaces scheduled meetings are made from).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched" -eq 1' -fa 'cleanup' -d 'Delete temporary spaces after their meetings end.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched" -eq 1' -fa 'notify' -d 'Send the queued meeting invitations by email, and show the outbox.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched" -eq 1' -fa 'bridge' -d 'Web Bridges, as the Call Bridge API lists them.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched" -eq 1' -fa 'profile' -d 'Call profiles and call leg profiles (templates name them by id or name).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched" -eq 1' -fa 'status' -d 'Show whether the database, Call Bridge, HTTPS, C2W and email are configured and answering.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched" -eq 1' -fa 'config' -d 'Show and change settings (the equivalent of the MMP scheduler commands).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched meeting" -eq 1' -fa 'create' -d 'Schedule a meeting (flags) or many (--input CSV or JSON lines).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched meeting" -eq 1' -fa 'list' -d 'List scheduled meetings (series), or their occurrences with --expand.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched meeting" -eq 1' -fa 'show' -d 'Show one meeting with the join details of every role.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched meeting" -eq 1' -fa 'update' -d 'Change a meeting; bumps its iCalendar SEQUENCE and queues updated invitations.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched meeting" -eq 1' -fa 'delete' -d 'Cancel a meeting (deleting its temporary space), or one occurrence of a series.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched meeting" -eq 1' -fa 'export' -d 'Write meetings as an iCalendar file (METHOD:REQUEST), atomically.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched meeting" -eq 1' -fa 'import' -d 'Turn the events of an iCalendar file (Outlook/Exchange, TMS, another calendar) into meetings.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts), ics (iCalendar).' -rfka 'table json csv ics'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" name' -l 'name' -d 'Meeting name.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" organizer' -l 'organizer' -d 'Organizer\'s user JID.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" organizer-role' -l 'organizer-role' -d 'The organizer\'s role (access method name or id).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" start' -l 'start' -d 'Start, ISO 8601 local time in --tz (or with an offset).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" end' -l 'end' -d 'End time (or give --duration).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" duration' -l 'duration' -d 'Length, e.g. 1h30m.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" tz' -l 'tz' -d 'IANA time zone (default: the machine\'s).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" repeat' -l 'repeat' -d 'none, daily, weekly, monthly or yearly.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" interval' -l 'interval' -d 'Repeat every N days/weeks/months/years.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" count' -l 'count' -d 'Number of occurrences.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" until' -l 'until' -d 'Last day (YYYY-MM-DD) or time of the series.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" rrule' -l 'rrule' -d 'A full RFC 5545 RRULE instead of --repeat.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create"' -l 'attendee' -d 'An attendee, EMAIL[=ROLE]; repeat the flag.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" template' -l 'template' -d 'New temporary space from this coSpaceTemplate.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" space' -l 'space' -d 'Book this existing space.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" key' -l 'key' -d 'Idempotency key: a second create with the same key does nothing.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" input' -l 'input' -d 'Read meetings from a CSV or JSON-lines file (- for stdin).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" dry-run' -l 'dry-run' -d 'Check and print the plan; change nothing.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" any-space any-template' -l 'any-template' -l 'any-space' -d 'Admin override: book with a template not assigned to the organizer, or a space they are not a member of (recorded on the meeting).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting create" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting list" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting list" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting list" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting list" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting list" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts), ics (iCalendar).' -rfka 'table json csv ics'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting list" from' -l 'from' -d 'Window start (date, local time or RFC 3339).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting list" until' -l 'until' -d 'Window end.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting list" max' -l 'max' -d 'At most this many results.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting list" organizer' -l 'organizer' -d 'Only meetings this user organizes.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting list" expand' -l 'expand' -d 'List occurrences instead of series.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting list" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting show" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting show" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting show" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting show" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting show" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts), ics (iCalendar).' -rfka 'table json csv ics'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting show" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts), ics (iCalendar).' -rfka 'table json csv ics'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" name' -l 'name' -d 'Meeting name.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" organizer' -l 'organizer' -d 'Organizer\'s user JID.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" organizer-role' -l 'organizer-role' -d 'The organizer\'s role (access method name or id).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" start' -l 'start' -d 'Start, ISO 8601 local time in --tz (or with an offset).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" end' -l 'end' -d 'End time (or give --duration).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" duration' -l 'duration' -d 'Length, e.g. 1h30m.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" tz' -l 'tz' -d 'IANA time zone (default: the machine\'s).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" repeat' -l 'repeat' -d 'none, daily, weekly, monthly or yearly.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" interval' -l 'interval' -d 'Repeat every N days/weeks/months/years.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" count' -l 'count' -d 'Number of occurrences.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" until' -l 'until' -d 'Last day (YYYY-MM-DD) or time of the series.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" rrule' -l 'rrule' -d 'A full RFC 5545 RRULE instead of --repeat.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update"' -l 'attendee' -d 'An attendee, EMAIL[=ROLE]; repeat the flag.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update"' -l 'add-attendee' -d 'Add an attendee, EMAIL[=ROLE].' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update"' -l 'remove-attendee' -d 'Remove an attendee.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting update" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting delete" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting delete" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting delete" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting delete" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting delete" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts), ics (iCalendar).' -rfka 'table json csv ics'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting delete" occurrence' -l 'occurrence' -d 'Cancel only the occurrence on this date (YYYY-MM-DD) or at this local time.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting delete" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting delete" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting export" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting export" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting export" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting export" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting export" all' -l 'all' -d 'Every scheduled meeting.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting export" out' -l 'out' -d 'Output file, or - for stdout (the default).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting export" all-roles' -l 'all-roles' -d 'Put every role\'s join details in the calendar (default: the organizer\'s role only).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting export" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts).' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" template' -l 'template' -d 'New temporary spaces from this coSpaceTemplate.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" space' -l 'space' -d 'Book this existing space.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import"' -l 'role' -d 'An attendee\'s role, EMAIL=ROLE; repeat the flag.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" organizer' -l 'organizer' -d 'Organizer for events without an ORGANIZER.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" organizer-role' -l 'organizer-role' -d 'The organizer\'s role.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" tz' -l 'tz' -d 'Zone of floating times (default: the machine\'s).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" dry-run' -l 'dry-run' -d 'Check and print the plan; change nothing.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" any-space any-template' -l 'any-template' -l 'any-space' -d 'Admin override, as for meeting create.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched meeting import" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched template" -eq 1' -fa 'list' -d 'List coSpaceTemplates with their access method templates.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched template" -eq 1' -fa 'show' -d 'Show one coSpaceTemplate with its access method templates.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched template" -eq 1' -fa 'create' -d 'Create a coSpaceTemplate and its access method templates.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched template" -eq 1' -fa 'delete' -d 'Delete a coSpaceTemplate (refused while scheduled meetings use it, unless --force).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched template" -eq 1' -fa 'assign' -d 'Let a user schedule with a template (assigning twice is not an error).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched template" -eq 1' -fa 'unassign' -d 'Take a template away from a user (not assigned is not an error).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template list" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template list" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template list" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template list" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template list" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts).' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template list" user' -l 'user' -d 'Only the templates assigned to this user.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template list" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template show" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template show" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template show" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template show" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template show" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts).' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template show" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template create" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template create" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template create" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template create" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template create" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts).' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template create" name' -l 'name' -d 'Template name.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template create" description' -l 'description' -d 'Description.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template create" call-profile' -l 'call-profile' -d 'Call profile id.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template create" call-leg-profile' -l 'call-leg-profile' -d 'Call leg profile id.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template create"' -l 'access-method' -d 'NAME:URIGEN[:CALLLEGPROFILE][:unique-callid]; repeat the flag.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template create" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template create" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template delete" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template delete" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template delete" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template delete" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template delete" force' -l 'force' -d 'Delete it even while scheduled meetings use it.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template delete" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template delete" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template assign" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template assign" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template assign" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template assign" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template assign" user' -l 'user' -d 'The user\'s JID.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template assign" template' -l 'template' -d 'Template name or id.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template assign" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template assign" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template unassign" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template unassign" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template unassign" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template unassign" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template unassign" user' -l 'user' -d 'The user\'s JID.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template unassign" template' -l 'template' -d 'Template name or id.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template unassign" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched template unassign" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched cleanup" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched cleanup" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched cleanup" -eq 1' -fa 'run' -d 'Delete every temporary space whose meeting ended cleanup.grace (24h) or more ago.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched cleanup run" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched cleanup run" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched cleanup run" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched cleanup run" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched cleanup run" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts).' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched cleanup run" dry-run' -l 'dry-run' -d 'List what would be deleted; change nothing.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched cleanup run" now' -l 'now' -d 'Evaluate as of this time instead of now.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched cleanup run" orphans' -l 'orphans' -d 'What to do with orphaned spaces: report or delete.' -rfka 'report delete'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched cleanup run" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched cleanup run" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched notify" -eq 1' -fa 'send' -d 'Deliver the email outbox over SMTP (for cron: */5 * * * * cmsched notify send --quiet).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched notify" -eq 1' -fa 'list' -d 'Show the outbox: each message\'s state, attempts, next attempt and last error.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched notify" -eq 1' -fa 'retry' -d 'Queue dead-lettered messages again (attempts reset); the next notify send delivers them.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify send" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify send" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify send" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify send" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify send" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts).' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify send" limit' -l 'limit' -d 'Send at most this many messages.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify send" dry-run' -l 'dry-run' -d 'Show what is due; send nothing.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify send" retry-now' -l 'retry-now' -d 'Also send the messages waiting out a retry backoff.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify send" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify send" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify list" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify list" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify list" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify list" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify list" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts).' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify list"' -l 'state' -d 'Only rows in this state: queued, sending, sent, superseded or dead (repeatable).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify list" meeting' -l 'meeting' -d 'Only the rows of this meeting (id).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify list" since' -l 'since' -d 'Only rows queued at or after this time.' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify list" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify retry" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify retry" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify retry" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify retry" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify retry" dead' -l 'dead' -d 'Every dead letter.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify retry" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched notify retry" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched bridge" -eq 1' -fa 'list' -d 'List the Web Bridges (c2w:// for Web Bridge 3, https:// on older systems).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts).' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched bridge list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched profile" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched profile" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched profile" -eq 1' -fa 'list' -d 'List the call profiles and call leg profiles with their ids and names.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched profile list" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched profile list" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched profile list" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched profile list" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched profile list" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts).' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched profile list" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched profile list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts).' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" offline' -l 'offline' -d 'Check only local things (files, certificates, the database): contact no server.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched config" -eq 1' -fa 'show' -d 'Show every setting, its value and its source (secret files as <file: PATH>).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched config" -eq 1' -fa 'get' -d 'Print one setting\'s value (exit 0 when set, 66 when unset, 78 for an unknown key).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched config" -eq 1' -fa 'set' -d 'Set a key in the configuration file (written atomically, mode 0600).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_positional "cmsched config" -eq 1' -fa 'unset' -d 'Remove a key from the configuration file (its default applies again).'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" format' -l 'format' -d 'Output format: table (for people), json or csv (for scripts).' -rfka 'table json csv'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config get" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config get" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config get" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config get" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config get" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config get" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config set" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config set" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config set" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config set" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config set" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config set" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config unset" config' -l 'config' -d 'Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config unset" db' -l 'db' -d 'Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).' -rfka ''
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config unset" log-level' -l 'log-level' -d 'Log level on stderr: trace, debug, info, notice, warning, error or critical.' -rfka 'trace debug info notice warning error critical'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config unset" quiet' -l 'quiet' -d 'Nothing on stdout when all went well (reports are left out), only errors on stderr.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config unset" version' -l 'version' -d 'Show the version.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched config unset" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cmsched' -n '__cmsched_should_offer_completions_for_flags_or_options "cmsched help" version' -l 'version' -d 'Show the version.'
