import AgentTools
